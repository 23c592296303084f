// How the partnership workflow sends a client a message through the shared sendClientMessage contract: a message the
// activity defers (quiet hours) is asked for again, with the same key, at the time it names. Workflow code.
import type { ClientMessageActivities, ClientMessageInput } from '../activities/client-message-contract'
import { entityActivities } from './entity-run'

const { messages } = entityActivities<ClientMessageActivities>([])

interface Deferred {
  summary: string
  input: ClientMessageInput
  retryAtMs: number
}

export class ClientMessenger {
  private readonly deferred = new Map<string, Deferred>()

  async send(summary: string, input: ClientMessageInput): Promise<void> {
    const outcome = await messages(summary).sendClientMessage(input)
    if (outcome.status === 'deferred') {
      this.deferred.set(input.idempotencyKey, { summary, input, retryAtMs: Date.parse(outcome.retryAt) })
    } else this.deferred.delete(input.idempotencyKey)
  }

  /** Asks again for every deferred message whose time has come. */
  async retryDue(nowMs: number): Promise<void> {
    for (const { summary, input, retryAtMs } of [...this.deferred.values()]) {
      if (retryAtMs <= nowMs) await this.send(summary, { ...input, now: new Date(nowMs).toISOString() })
    }
  }

  nextRetryMs(): number | null {
    const times = [...this.deferred.values()].map((d) => d.retryAtMs)
    return times.length === 0 ? null : Math.min(...times)
  }
}
