import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// While `npm start` runs, it leaves the addresses of what it started in the data directory, so a command run
// beside it (`npm run seed`) finds the same database and Temporal without anyone copying a password around.

const fileName = 'running-system.json'

/** The variables a command needs to reach the running system. */
export interface RunningSystem {
  DATABASE_URL: string
  TEMPORAL_ADDRESS: string
  TEMPORAL_NAMESPACE: string
  /** The address the system's emails link to, which seeded emails link to as well. */
  APP_BASE_URL: string
}

export function recordRunningSystem(dataDir: string, system: RunningSystem): { remove(): void } {
  mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, fileName)
  // It holds the database password: readable by its owner only.
  writeFileSync(file, `${JSON.stringify(system, null, 2)}\n`, { mode: 0o600 })
  return { remove: () => rmSync(file, { force: true }) }
}

/** What a running `npm start` recorded, or null when none runs from this data directory. */
export function readRunningSystem(dataDir: string): RunningSystem | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, fileName), 'utf8')) as RunningSystem
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
