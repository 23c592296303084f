import { execFile, spawn } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { repoRoot } from './temporal-binaries'
import { displayPath, findOnPath, isExecutableFile, withInstallLock } from './tool-install'

// Stripe's official API mock (github.com/stripe/stripe-mock), a Go program: it validates requests against the
// OpenAPI spec it embeds and answers with fixtures. It is stateless: it does not remember what it created.

const execFileAsync = promisify(execFile)

export const stripeMockVersion = '0.203.0'
const stripeMockModule = `github.com/stripe/stripe-mock@v${stripeMockVersion}`
/** stripe-mock's go.mod says `go 1.22.1`; older Go (Debian 12 ships 1.19) cannot read it. */
const minimumGoMinor = 22
/** A Go new enough to build it, as the module the Go command itself downloads toolchains as (Go module proxy). */
const toolchainGoVersion = '1.22.12'
const startupTimeoutMs = 60_000
const stopGraceMs = 5_000

export interface ResolveStripeMockOptions {
  env?: Record<string, string | undefined>
  /** Git-ignored folder; the build goes to `<toolsDir>/stripe-mock` (its GOPATH). */
  toolsDir?: string
  log?: (line: string) => void
}

/**
 * The stripe-mock executable: `STRIPE_MOCK_PATH`, else the one built into `.tools/stripe-mock/bin`, else built
 * there now with `go install` through the Go module proxy (what CI and these offline machines do), else, with no
 * Go at all, the release binary from GitHub (for a laptop with internet; not reachable from this workplace).
 */
export async function resolveStripeMock(options: ResolveStripeMockOptions = {}): Promise<string> {
  const env = options.env ?? process.env
  const toolsDir = options.toolsDir ?? path.join(repoRoot, '.tools')
  const log = options.log ?? ((line: string) => console.log(line))

  const configured = env.STRIPE_MOCK_PATH
  if (configured) {
    if (!isExecutableFile(configured)) {
      throw new Error(`STRIPE_MOCK_PATH is set to "${configured}", but there is no executable file at that path.`)
    }
    return path.resolve(configured)
  }
  const target = builtStripeMock(toolsDir)
  if (isExecutableFile(target)) return target

  await withInstallLock(toolsDir, 'stripe-mock-install.lock', async () => {
    // Another process may have built it while we waited for the lock.
    if (isExecutableFile(target)) return
    const go = findOnPath('go', env.PATH ?? '')
    if (go) await buildWithGo(go, toolsDir, env, log)
    else await downloadRelease(toolsDir, log)
  })
  if (!isExecutableFile(target)) throw new Error(`stripe-mock was installed, but ${target} is missing.`)
  return target
}

function builtStripeMock(toolsDir: string) {
  return path.join(toolsDir, 'stripe-mock', 'bin', process.platform === 'win32' ? 'stripe-mock.exe' : 'stripe-mock')
}

async function buildWithGo(
  go: string,
  toolsDir: string,
  env: Record<string, string | undefined>,
  log: (line: string) => void,
) {
  const gopath = path.join(toolsDir, 'stripe-mock')
  // Its own GOPATH (and module cache, writable so the folder can be deleted), so nothing lands in ~/go.
  // Remix's globals type NODE_ENV as required; a child's environment is any set of variables.
  const goEnv = { ...env, GOPATH: gopath, GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' } as unknown as NodeJS.ProcessEnv
  const builder = await goNewEnough(go, goEnv, log)
  log(`Building stripe-mock ${stripeMockVersion} with Go into ${displayPath(gopath)} (go install ${stripeMockModule})…`)
  try {
    await execFileAsync(builder, ['install', stripeMockModule], { env: goEnv, cwd: toolsDir })
  } catch (error) {
    throw new Error(
      `Could not build stripe-mock (go install ${stripeMockModule}). Install it yourself and set STRIPE_MOCK_PATH.\n${outputOf(error)}`,
    )
  }
}

/**
 * The `go` to build with. A Go older than 1.22 (Debian 12's golang-go is 1.19) downloads a newer one as the module
 * golang.org/toolchain from the Go module proxy, the way Go 1.21+ switches toolchains itself.
 */
async function goNewEnough(go: string, goEnv: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const { stdout } = await execFileAsync(go, ['env', 'GOVERSION'], { env: goEnv })
  const minor = Number(/^go1\.(\d+)/.exec(stdout.trim())?.[1] ?? 0)
  if (minor >= minimumGoMinor) return go
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${goArch()}`
  const toolchain = `golang.org/toolchain@v0.0.1-go${toolchainGoVersion}.${platform}`
  log(`${stdout.trim()} is too old for stripe-mock; downloading Go ${toolchainGoVersion} (${toolchain})…`)
  const { stdout: json } = await execFileAsync(go, ['mod', 'download', '-json', toolchain], {
    env: goEnv,
    cwd: path.dirname(goEnv.GOPATH ?? '.'),
  })
  const dir = (JSON.parse(json) as { Dir?: string }).Dir
  if (!dir) throw new Error(`go mod download ${toolchain} did not say where it put Go:\n${json}`)
  // Module zips keep no permissions: set the executable bits as the go command does for a toolchain it downloads.
  for (const folder of [path.join(dir, 'bin'), ...toolDirs(dir)]) {
    for (const file of readdirSync(folder)) chmodSync(path.join(folder, file), 0o755)
  }
  return path.join(dir, 'bin', 'go')
}

function toolDirs(goroot: string) {
  const tool = path.join(goroot, 'pkg', 'tool')
  return readdirSync(tool).map((platform) => path.join(tool, platform))
}

function goArch() {
  return process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch
}

/**
 * No Go: the release archive GitHub serves (goreleaser's naming). Written for a laptop with internet; this
 * workplace reaches only package registries, so this path is not exercised by any test here.
 */
async function downloadRelease(toolsDir: string, log: (line: string) => void) {
  const os = process.platform === 'win32' ? 'windows' : process.platform
  const archive = `stripe-mock_${stripeMockVersion}_${os}_${goArch()}.tar.gz`
  const url = `https://github.com/stripe/stripe-mock/releases/download/v${stripeMockVersion}/${archive}`
  const binDir = path.dirname(builtStripeMock(toolsDir))
  const workDir = path.join(toolsDir, 'stripe-mock', 'download')
  log(`Go is not installed: downloading stripe-mock ${stripeMockVersion} from ${url}…`)
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(120_000) })
  } catch (error) {
    throw noStripeMock(`${url} is unreachable (${String(error)})`)
  }
  if (!response.ok) throw noStripeMock(`${url} answered ${response.status}`)
  rmSync(workDir, { recursive: true, force: true })
  mkdirSync(workDir, { recursive: true })
  mkdirSync(binDir, { recursive: true })
  const archiveFile = path.join(workDir, archive)
  writeFileSync(archiveFile, Buffer.from(await response.arrayBuffer()))
  await execFileAsync('tar', ['-xzf', archiveFile, '-C', workDir])
  const name = path.basename(builtStripeMock(toolsDir))
  renameSync(path.join(workDir, name), builtStripeMock(toolsDir))
  chmodSync(builtStripeMock(toolsDir), 0o755)
  rmSync(workDir, { recursive: true, force: true })
}

function noStripeMock(reason: string) {
  return new Error(
    `Could not get stripe-mock: ${reason}. Install Go (https://go.dev/dl/) so it can be built, or build it ` +
      `yourself (go install ${stripeMockModule}) and set STRIPE_MOCK_PATH to it.`,
  )
}

function outputOf(error: unknown) {
  return error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error)
}

export interface RunningStripeMock {
  /** What the Stripe SDK's `host`, `port` and `protocol` options take. */
  host: string
  port: number
  url: string
  stop(): Promise<void>
}

/** Starts stripe-mock on ports the system chooses (HTTP and HTTPS), resolved once it says where it listens. */
export async function startStripeMock(executable?: string): Promise<RunningStripeMock> {
  const binary = executable ?? (await resolveStripeMock())
  const host = '127.0.0.1'
  const child = spawn(binary, ['-http-addr', `${host}:`, '-https-addr', `${host}:`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const output: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not listen within ${startupTimeoutMs} ms`), startupTimeoutMs)
    function fail(reason: string) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`stripe-mock (${binary}) ${reason}:\n${output.join('\n')}`))
    }
    child.once('error', (error) => fail(`could not start (${error.message})`))
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code})`))
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line)
        const listening = /^Listening for HTTP at address: .*:(\d+)$/.exec(line)
        if (listening) {
          clearTimeout(timer)
          resolve(Number(listening[1]))
        }
      })
    }
  })
  const url = `http://${host}:${port}`
  await waitUntilAnswering(url)
  return {
    host,
    port,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const killTimer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs)
      await exited
      clearTimeout(killTimer)
    },
  }
}

/** Listening is not answering: one authenticated call that stripe-mock serves from its fixtures. */
async function waitUntilAnswering(url: string) {
  const deadline = Date.now() + startupTimeoutMs
  for (;;) {
    try {
      const response = await fetch(`${url}/v1/balance`, { headers: { Authorization: 'Bearer sk_test_mock' } })
      if (response.ok) return
    } catch {
      // Not yet.
    }
    if (Date.now() > deadline) throw new Error(`stripe-mock at ${url} did not answer within ${startupTimeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
