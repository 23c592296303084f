import { z } from 'zod'
import { emailAddress } from '../email/address'
import { parseKeeping, type KeptField } from '../integrations/parse'
import type { FieldError } from '../validation/field-errors'
import { safeString, unsafeJsonFields } from '../validation/safe-text'
import { ianaTimezone } from '../validation/timezone'
import { employeeCountByApiName, industryByApiName, languageByApiName, leadSourceByApiName } from './lead-vocabulary'

const optionalText = (max: number) => safeString().trim().min(1).max(max).optional()
const apiNames = <T extends Record<string, string>>(mapping: T) =>
  z.enum(Object.keys(mapping) as [keyof T & string, ...(keyof T & string)[]])

/** One person, one lead: every source stores the address trimmed and lower-cased (domain/email/address.ts). */
export const normalisedEmail = emailAddress

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

const isWebUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/**
 * A page of the site, as the landing page knows it: a path (`/hvac`, `/es/roi?x=1`) or an absolute http(s) URL.
 * Stored as given; a path is relative to the marketing site, whichever host served it.
 */
export const pageAddress = safeString()
  .trim()
  .max(2000)
  .refine(
    (value) => (value.startsWith('/') && !value.startsWith('//') && !/\s/.test(value)) || isWebUrl(value),
    'must be a path such as /hvac or an absolute URL',
  )

/**
 * Who the person is and where they came from (seed 002 §3.2), as every capture source may send it: the direct
 * form, the voice agent, the ROI calculator. `marketingConsent` is the person's opt-in to nurture emails.
 */
export const leadPersonFields = {
  firstName: optionalText(100),
  lastName: optionalText(100),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{7,20}$/, 'must be a phone number, e.g. +1 555 010 1234')
    .optional(),
  companyName: optionalText(200),
  sourceDetail: optionalText(200),
  utmSource: optionalText(200),
  utmMedium: optionalText(200),
  utmCampaign: optionalText(200),
  utmTerm: optionalText(200),
  utmContent: optionalText(200),
  landingPage: pageAddress.optional(),
  referrer: z.url({ message: 'must be a URL' }).max(2000).optional(),
  industry: apiNames(industryByApiName).optional(),
  employeeCount: apiNames(employeeCountByApiName).optional(),
  aiMaturityIndicators: z.array(safeString().trim().min(1).max(200)).max(50).optional(),
  preferredLanguage: apiNames(languageByApiName).optional(),
  timezone: ianaTimezone.optional(),
  marketingConsent: z.boolean().optional(),
}

/** A lead as a form, the landing page or a script submits it (seed 002 §3.2). */
export const leadSubmissionSchema = z
  .object({
    email: normalisedEmail,
    source: apiNames(leadSourceByApiName),
    ...leadPersonFields,
  })
  .strict()

export type LeadSubmission = z.infer<typeof leadSubmissionSchema>

/** What any source may tell about the person, without email and source (each source knows its own). */
export type LeadPerson = Partial<Omit<LeadSubmission, 'email' | 'source'>>

export type { FieldError }

export type LeadSubmissionResult =
  { ok: true; submission: LeadSubmission; kept: KeptField[] } | { ok: false; errors: FieldError[] }

/**
 * A lead as submitted. Only the email refuses it (and the source, unless the route has a default): a field the CRM
 * does not know (`gclid`) or an optional value that does not fit (`industry: "landscaping"`) is kept aside, with
 * why, and the lead is captured with the rest. With `defaultSource`, a missing or unknown source is that source (the
 * value sent is kept).
 */
export function parseLeadSubmission(
  body: unknown,
  options: { defaultSource?: keyof typeof leadSourceByApiName } = {},
): LeadSubmissionResult {
  const { defaultSource } = options
  const keptSource: KeptField[] = []
  let input = body
  if (defaultSource && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { source } = body as Record<string, unknown>
    // An unsafe source is left where it is, for the body check to refuse: kept aside, it would be written.
    const unknown = typeof source !== 'string' || !(source in leadSourceByApiName)
    if (unknown && unsafeJsonFields(source, 1).length === 0) {
      if (source !== undefined)
        keptSource.push({ field: 'source', value: source, reason: 'is not a known lead source' })
      input = { ...body, source: defaultSource }
    }
  }
  const parsed = parseKeeping(leadSubmissionSchema, input, 'lead', ['email', 'source'])
  if (!parsed.ok) return parsed
  return { ok: true, submission: parsed.value, kept: [...keptSource, ...parsed.kept] }
}

/** The person's columns of a lead (consent lives in CommunicationPreference, not on the lead). */
export function leadPersonData(person: LeadPerson) {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    phone: person.phone,
    companyName: person.companyName,
    sourceDetail: person.sourceDetail,
    utmSource: person.utmSource,
    utmMedium: person.utmMedium,
    utmCampaign: person.utmCampaign,
    utmTerm: person.utmTerm,
    utmContent: person.utmContent,
    landingPage: person.landingPage,
    referrer: person.referrer,
    industry: person.industry ? industryByApiName[person.industry] : undefined,
    employeeCount: person.employeeCount ? employeeCountByApiName[person.employeeCount] : undefined,
    aiMaturityIndicators: person.aiMaturityIndicators,
    preferredLanguage: person.preferredLanguage ? languageByApiName[person.preferredLanguage] : undefined,
    timezone: person.timezone,
  }
}

/** The submission as database columns. */
export function leadDataFromSubmission(submission: LeadSubmission) {
  return {
    email: submission.email,
    source: leadSourceByApiName[submission.source],
    ...leadPersonData(submission),
  }
}

const attributionColumns = new Set([
  'sourceDetail',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'landingPage',
  'referrer',
])

/**
 * A known person submitted again: what the new submission may add to their lead. First touch wins: source and
 * attribution stay those of the first touch, and what is already known is never overwritten; only empty
 * columns about the person (name, company, industry, ...) are filled.
 */
export function leadGapsFilledBy(
  current: Partial<Record<keyof ReturnType<typeof leadPersonData>, unknown>>,
  person: LeadPerson,
): Partial<ReturnType<typeof leadPersonData>> {
  const incoming = leadPersonData(person)
  const gaps: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(incoming)) {
    if (value === undefined || attributionColumns.has(column)) continue
    const existing = current[column as keyof typeof incoming]
    const empty = existing === null || existing === undefined || (Array.isArray(existing) && existing.length === 0)
    if (empty) gaps[column] = value
  }
  return gaps as Partial<ReturnType<typeof leadPersonData>>
}
