import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

// ROI_CALCULATOR_URL goes into nurture emails: by default it must lead somewhere real, without signing in.

let database: TestDatabase
let temporal: Client
let web: Awaited<ReturnType<typeof startWeb>>

beforeAll(async () => {
  database = await createTestDatabase()
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

describe('the public ROI calculator', () => {
  it('answers 200 at the default ROI_CALCULATOR_URL, for a visitor who is not signed in', async () => {
    const { pathname } = new URL(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }).ROI_CALCULATOR_URL)
    const response = await fetch(`${web.baseUrl}${pathname}`, { redirect: 'manual' })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<h1>ROI calculator</h1>')
    for (const label of ['Industry', 'Employees', 'Hourly rate (USD)', 'Admin hours a week']) {
      expect(html).toContain(`>${label}</label>`)
    }
  })

  it('computes the §7.1 figures per tier (checked by hand for a 10–25 person plumber at $45 and 30 hours)', async () => {
    const search = new URLSearchParams({
      industry: 'plumbing',
      employees: '10-25',
      hourlyRate: '45',
      weeklyAdminHours: '30',
    })
    const response = await fetch(`${web.baseUrl}/roi-calculator?${search}`)
    expect(response.status).toBe(200)
    const html = await response.text()
    // First-year cost is the tier's contract: setup fee + monthly fee × months the engagement touches (seed 002 §2.3
    // fees, §5.3 weeks): Discovery 8 weeks → 2 months, $4,000 + $1,500 × 2 = $7,000; Foundation 12 weeks → 3 months,
    // $9,500 + $3,500 × 3 = $20,000; Architect 24 weeks → 6 months, $30,000 + $7,500 × 6 = $75,000.
    // Discovery: 30 h × 25% × 1.1 (plumbing) = 8.25 h, held to the tier's 5–8 h → 8.0 h; × $45 = $360 a week;
    // × 52 = $18,720 − $7,000 = $11,720 (167%); $7,000 ÷ $360 = 19.4 weeks.
    expect(html).toContain(
      'Discovery</th><td>8.0</td><td>$360</td><td>$11,720</td><td>167%</td><td>19.4 weeks</td><td>$7,000</td>',
    )
    // Foundation: 30 × 50% × 1.1 = 16.5 h; × $45 = $742.50; × 52 = $38,610 − $20,000 = $18,610 (93%);
    // $20,000 ÷ $742.50 = 26.9 weeks.
    expect(html).toContain(
      'Foundation</th><td>16.5</td><td>$743</td><td>$18,610</td><td>93%</td><td>26.9 weeks</td><td>$20,000</td>',
    )
    // Architect: 30 × 80% × 1.1 = 26.4 h; × $45 = $1,188; × 52 = $61,776 − $75,000 = −$13,224 (−18%);
    // $75,000 ÷ $1,188 = 63.1 weeks.
    expect(html).toContain(
      'Architect</th><td>26.4</td><td>$1,188</td><td>-$13,224</td><td>-18%</td><td>63.1 weeks</td><td>$75,000</td>',
    )
  })

  it('says next to the field what is wrong with an input', async () => {
    const search = new URLSearchParams({ industry: 'plumbing', employees: '', hourlyRate: '0', weeklyAdminHours: '30' })
    const html = await (await fetch(`${web.baseUrl}/roi-calculator?${search}`)).text()
    expect(html).toContain('Choose your team size.')
    expect(html).toContain('Enter an hourly rate in USD between 1 and 1000.')
    expect(html).not.toContain('Your return by tier')
  })
})
