import { describe, expect, it } from 'vitest'
import {
  leadListHref,
  leadListOrderBy,
  leadListRange,
  leadListWhere,
  maxLeadListOffset,
  parseLeadListQuery,
  type LeadListFilters,
} from './lead-list-query'

const parse = (search: string) => parseLeadListQuery(new URLSearchParams(search))

const noFilters: LeadListFilters = {
  status: null,
  stage: null,
  source: null,
  industry: null,
  owner: { kind: 'anyone' },
  scoreMin: null,
  scoreMax: null,
  createdFrom: null,
  createdTo: null,
}

describe('parseLeadListQuery', () => {
  it('lists everything, newest first, 25 a page, without parameters', () => {
    const parsed = parse('')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.query).toEqual({
      filters: noFilters,
      sort: { field: 'createdAt', direction: 'desc' },
      page: 1,
      perPage: 25,
    })
  })

  it('reads every filter in the API words of the enums', () => {
    const parsed = parse(
      'status=qualified&stage=sql&source=voice_agent&industry=property_management&owner=unassigned&scoreMin=40&scoreMax=69' +
        '&createdFrom=2026-11-01&createdTo=2026-11-22&sort=leadScore&direction=asc&perPage=100&page=3',
    )
    expect(parsed).toMatchObject({
      ok: true,
      query: {
        filters: {
          status: 'QUALIFIED',
          stage: 'SQL',
          source: 'VOICE_AGENT',
          industry: 'PROPERTY_MANAGEMENT',
          owner: { kind: 'unassigned' },
          scoreMin: 40,
          scoreMax: 69,
          createdFrom: '2026-11-01',
          createdTo: '2026-11-22',
        },
        sort: { field: 'leadScore', direction: 'asc' },
        page: 3,
        perPage: 100,
      },
    })
  })

  it('understands the owner as me, unassigned or a user id', () => {
    expect(parse('owner=me')).toMatchObject({ ok: true, query: { filters: { owner: { kind: 'me' } } } })
    expect(parse('owner=cmhx0user0000000001')).toMatchObject({
      ok: true,
      query: { filters: { owner: { kind: 'user', userId: 'cmhx0user0000000001' } } },
    })
    expect(parse('owner=%27%20or%201%3D1')).toMatchObject({
      ok: false,
      errors: [{ field: 'owner', message: 'must be unassigned, me or a user id' }],
    })
  })

  it('sorts names A to Z and everything else highest or newest first unless told', () => {
    expect(parse('sort=name')).toMatchObject({ ok: true, query: { sort: { field: 'name', direction: 'asc' } } })
    expect(parse('sort=updatedAt')).toMatchObject({
      ok: true,
      query: { sort: { field: 'updatedAt', direction: 'desc' } },
    })
  })

  it('names every parameter it cannot read, and keeps what was typed', () => {
    const parsed = parse(
      'status=lost&source=fax&industry=mining&stage=hot&scoreMin=-1&scoreMax=101&createdFrom=2026-02-30&createdTo=yesterday&sort=email&direction=up&perPage=7&page=0',
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.map((error) => error.field).sort()).toEqual(
      [
        'createdFrom',
        'createdTo',
        'direction',
        'industry',
        'page',
        'perPage',
        'scoreMax',
        'scoreMin',
        'sort',
        'source',
        'stage',
        'status',
      ].sort(),
    )
    expect(parsed.errors).toContainEqual({
      field: 'status',
      message: 'must be one of new, contacted, qualified, unqualified, converted',
    })
    expect(parsed.errors).toContainEqual({ field: 'scoreMin', message: 'must be a whole number from 0 to 100' })
    expect(parsed.errors).toContainEqual({ field: 'createdFrom', message: 'must be a date as YYYY-MM-DD' })
    expect(parsed.values.status).toBe('lost')
  })

  it('refuses ranges that end before they start', () => {
    expect(parse('scoreMin=70&scoreMax=40')).toMatchObject({
      ok: false,
      errors: [{ field: 'scoreMax', message: 'must not be below the minimum score' }],
    })
    expect(parse('createdFrom=2026-11-10&createdTo=2026-11-09')).toMatchObject({
      ok: false,
      errors: [{ field: 'createdTo', message: 'must not be before the from date' }],
    })
    expect(parse('scoreMin=50&scoreMax=50&createdFrom=2026-11-10&createdTo=2026-11-10').ok).toBe(true)
  })

  it('refuses a page beyond the paging limit', () => {
    const lastAllowed = maxLeadListOffset / 100 + 1
    expect(parse(`perPage=100&page=${lastAllowed}`).ok).toBe(true)
    expect(parse(`perPage=100&page=${lastAllowed + 1}`)).toMatchObject({ ok: false, errors: [{ field: 'page' }] })
  })
})

describe('leadListWhere', () => {
  it('is empty without filters', () => {
    expect(leadListWhere(noFilters, 'viewer', 'UTC')).toEqual({})
  })

  it('turns each filter into its column condition, with inclusive UTC days', () => {
    expect(
      leadListWhere(
        {
          status: 'NEW',
          stage: 'MQL',
          source: 'REFERRAL',
          industry: 'HVAC',
          owner: { kind: 'user', userId: 'rep1' },
          scoreMin: 40,
          scoreMax: null,
          createdFrom: '2026-11-01',
          createdTo: '2026-11-30',
        },
        'viewer',
        'UTC',
      ),
    ).toEqual({
      status: 'NEW',
      qualificationStage: 'MQL',
      source: 'REFERRAL',
      industry: 'HVAC',
      assignedToId: 'rep1',
      leadScore: { gte: 40 },
      createdAt: { gte: new Date('2026-11-01T00:00:00Z'), lt: new Date('2026-12-01T00:00:00Z') },
    })
  })

  it('reads the created days on the reader’s wall clock: Chicago’s November, with its change of clocks', () => {
    const november = { ...noFilters, createdFrom: '2026-11-01', createdTo: '2026-11-30' }
    // Midnight CDT (UTC−5) on the 1st; midnight CST (UTC−6) after the last day.
    expect(leadListWhere(november, 'viewer', 'America/Chicago')).toEqual({
      createdAt: { gte: new Date('2026-11-01T05:00:00Z'), lt: new Date('2026-12-01T06:00:00Z') },
    })
  })

  it('reads "me" as the viewer and "unassigned" as no owner', () => {
    expect(leadListWhere({ ...noFilters, owner: { kind: 'me' } }, 'viewer', 'UTC')).toEqual({ assignedToId: 'viewer' })
    expect(leadListWhere({ ...noFilters, owner: { kind: 'unassigned' } }, 'viewer', 'UTC')).toEqual({
      assignedToId: null,
    })
    expect(leadListWhere({ ...noFilters, scoreMax: 39 }, 'viewer', 'UTC')).toEqual({ leadScore: { lte: 39 } })
  })
})

describe('leadListOrderBy', () => {
  it('ends every order in id so pages never repeat or skip a row', () => {
    expect(leadListOrderBy({ field: 'leadScore', direction: 'desc' })).toEqual([{ leadScore: 'desc' }, { id: 'desc' }])
    expect(leadListOrderBy({ field: 'name', direction: 'asc' })).toEqual([
      { lastName: 'asc' },
      { firstName: 'asc' },
      { email: 'asc' },
      { id: 'asc' },
    ])
  })
})

describe('leadListRange', () => {
  it('says which rows of how many a page shows', () => {
    expect(leadListRange({ page: 1, perPage: 25 }, 25, 60)).toMatchObject({
      first: 1,
      last: 25,
      total: 60,
      hasPrevious: false,
      hasNext: true,
      lastPage: 3,
    })
    expect(leadListRange({ page: 3, perPage: 25 }, 10, 60)).toMatchObject({
      first: 51,
      last: 60,
      hasPrevious: true,
      hasNext: false,
    })
    expect(leadListRange({ page: 1, perPage: 25 }, 0, 0)).toMatchObject({
      first: 0,
      last: 0,
      hasNext: false,
      lastPage: 1,
    })
  })

  it('stops the pager at the paging limit however many match', () => {
    const range = leadListRange({ page: 1, perPage: 100 }, 100, 100_000)
    expect(range.lastPage).toBe(maxLeadListOffset / 100 + 1)
  })
})

describe('leadListHref', () => {
  const values = parse('status=new&sort=createdAt&direction=desc&perPage=25&page=4').values

  it('leaves out defaults and goes back to page 1 when something else changes', () => {
    expect(leadListHref(values, {})).toBe('/leads?status=new')
    expect(leadListHref(values, { sort: 'leadScore', direction: 'asc' })).toBe(
      '/leads?status=new&sort=leadScore&direction=asc',
    )
    expect(leadListHref(values, { page: '5' })).toBe('/leads?status=new&page=5')
    expect(leadListHref(parse('').values, {})).toBe('/leads')
  })

  it('keeps a non-default direction for names', () => {
    expect(leadListHref(parse('').values, { sort: 'name', direction: 'asc' })).toBe('/leads?sort=name')
    expect(leadListHref(parse('').values, { sort: 'name', direction: 'desc' })).toBe('/leads?sort=name&direction=desc')
  })
})
