import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { open, readFile, rm } from 'node:fs/promises'
import path from 'node:path'

// What the resolvers of development tools (Temporal's binaries, stripe-mock) share: finding an executable, and one
// install at a time across the parallel test processes that may all need the same tool at once.

const lockPollMs = 500

export function isExecutableFile(file: string) {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export function findOnPath(name: string, searchPath: string) {
  const candidates = process.platform === 'win32' ? [`${name}.exe`, name] : [name]
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const candidate of candidates) {
      const file = path.resolve(dir, candidate)
      if (isExecutableFile(file)) return file
    }
  }
  return undefined
}

/** Runs `work` while holding `<toolsDir>/<lockName>`; a lock left by a dead process is taken over. */
export async function withInstallLock(toolsDir: string, lockName: string, work: () => Promise<void>) {
  mkdirSync(toolsDir, { recursive: true })
  const lockFile = path.join(toolsDir, lockName)
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

export function displayPath(file: string) {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}
