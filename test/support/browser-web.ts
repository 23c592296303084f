import type { Browser } from 'playwright-core'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { launchBrowser } from './browser'
import { createTestDatabase, type TestDatabase } from './database'
import { loadRemixBuild, startWeb } from './web'

export interface BrowserWeb {
  database: TestDatabase
  browser: Browser
  web: Awaited<ReturnType<typeof startWeb>>
  close(): Promise<void>
}

/** A fresh database, the web app and Chromium, for pages that never reach Temporal or SMTP. */
export async function startBrowserWeb(): Promise<BrowserWeb> {
  const [database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  // The client connects lazily, so no Temporal server is needed.
  const temporal = createTemporalClient(config)
  const web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  return {
    database,
    browser,
    web,
    async close() {
      await browser.close()
      await web.close()
      await temporal.connection.close()
      await database.drop()
    },
  }
}
