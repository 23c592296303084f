import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { sessionCookieName } from '../../services/auth/sessions'

const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

/** Screenshots land here (git-ignored) so a person can look at what the tests saw. */
export const artifactsDir = fileURLToPath(new URL('../.artifacts', import.meta.url))

/** A real headless Chromium: CHROMIUM_PATH, else the system's Chromium or Chrome. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? candidates.find((candidate) => existsSync(candidate))
  if (!executablePath) {
    throw new Error(
      'Browser tests need Chromium or Chrome: install it (apt-get install chromium) or set CHROMIUM_PATH.',
    )
  }
  mkdirSync(artifactsDir, { recursive: true })
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** The page's scripts arrive `ms` after its HTML, as on a slow connection: what a click before hydration meets. */
export function delayPageScripts(page: Page, ms: number) {
  return page.route('**/assets/*.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    await route.continue()
  })
}

/** A full-page screenshot into the artifacts folder, to be looked at. */
export function saveScreenshot(page: Page, name: string) {
  return page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })
}

/** A page of its own browser context, signed in as `user` (its session cookie), at a viewport and in a time zone. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  user: { cookie: string },
  { width = 1280, height = 900, timezoneId }: { width?: number; height?: number; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, ...(timezoneId ? { timezoneId } : {}) })
  await context.addCookies([{ name: sessionCookieName, value: user.cookie.split('=')[1] ?? '', url: baseUrl }])
  return { context, page: await context.newPage() }
}
