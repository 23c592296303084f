import type { Actor } from '../auth/actor'
import { actorLabel } from '../auth/actor'

// How far a download has got, for the page's progress bar: the page names the download with a random token and
// polls /exports/progress?token=… while the browser receives the file. Kept in the web process's memory: the web
// is one process (ARCHITECTURE.md); behind several, a poll that reaches another process answers "unknown" and the
// page shows a bar without a figure (decision 0038).

export interface ExportProgress {
  total: number
  written: number
  state: 'running' | 'done' | 'failed'
}

const keepMs = 10 * 60 * 1000
const tokenPattern = /^[A-Za-z0-9-]{8,64}$/

export function isProgressToken(token: unknown): token is string {
  return typeof token === 'string' && tokenPattern.test(token)
}

class ProgressBoard {
  private readonly entries = new Map<string, ExportProgress & { at: number }>()

  begin(actor: Actor, token: string | undefined, total: number) {
    const key = token && isProgressToken(token) ? this.key(actor, token) : null
    const set = (written: number, state: ExportProgress['state']) => {
      if (key) this.entries.set(key, { total, written, state, at: Date.now() })
    }
    this.sweep()
    set(0, 'running')
    return {
      update: (written: number) => set(written, 'running'),
      finish: (written: number) => set(written, 'done'),
      fail: () => set(0, 'failed'),
    }
  }

  /** Only the person who started a download can read its progress. */
  read(actor: Actor, token: string): ExportProgress | null {
    const entry = this.entries.get(this.key(actor, token))
    return entry ? { total: entry.total, written: entry.written, state: entry.state } : null
  }

  private key(actor: Actor, token: string) {
    return `${actorLabel(actor).actorId ?? ''}:${token}`
  }

  private sweep() {
    const before = Date.now() - keepMs
    for (const [key, entry] of this.entries) if (entry.at < before) this.entries.delete(key)
  }
}

export const exportProgress = new ProgressBoard()
