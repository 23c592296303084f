import { resolveTemporalCli, resolveTemporalTestServer } from '../dev/temporal-binaries'

// CI runs this before the tests so that a slow install happens once, not inside a test's timeout.
const cli = await resolveTemporalCli()
const testServer = await resolveTemporalTestServer()
const describe = (executable: typeof cli) =>
  executable.type === 'existing-path'
    ? executable.path
    : `downloaded by the Temporal SDK into ${executable.downloadDir}`
console.log(`Temporal CLI: ${describe(cli)}`)
console.log(`Temporal test server: ${describe(testServer)}`)
