import type { CustomSlotSupplier, SlotInfo, SlotPermit } from '@temporalio/worker'
import type { WebBusySignal } from '../lib/web-busy'

/**
 * Task slots that shrink while the web process is serving requests: up to `maximum` at once when it is idle; while it
 * is busy, none beyond `whileWebBusy` and none sooner than `spacingWhileWebBusyMs` (fixed, or read at each
 * reservation) after the one before. Tasks already running finish; a worker never stops (decision 0060).
 */
export function yieldingSlotSupplier<SI extends SlotInfo>(
  limits: { maximum: number; whileWebBusy: number; spacingWhileWebBusyMs?: number | (() => number) },
  web: Pick<WebBusySignal, 'isBusy' | 'onIdle'>,
): CustomSlotSupplier<SI> {
  const configured = limits.spacingWhileWebBusyMs ?? 0
  const spacing = typeof configured === 'function' ? configured : () => configured
  let reserved = 0
  let lastGrant = 0
  let spacingTimer: NodeJS.Timeout | undefined
  const waiting = new Set<() => void>()
  const free = () => {
    if (!web.isBusy()) return reserved < limits.maximum
    return reserved < limits.whileWebBusy && Date.now() - lastGrant >= spacing()
  }
  const wakeWaiting = () => {
    for (const wake of waiting) {
      if (!free()) break
      waiting.delete(wake)
      wake()
    }
    lookAgainAfterSpacing()
  }
  // Held back only by the spacing: look again when it has passed.
  const lookAgainAfterSpacing = () => {
    if (waiting.size === 0 || spacing() === 0 || spacingTimer || !web.isBusy() || reserved >= limits.whileWebBusy)
      return
    spacingTimer = setTimeout(
      () => {
        spacingTimer = undefined
        wakeWaiting()
      },
      Math.max(0, lastGrant + spacing() - Date.now()),
    )
  }
  web.onIdle(wakeWaiting)
  const permit = (): SlotPermit => {
    reserved += 1
    lastGrant = Date.now()
    return {}
  }

  return {
    type: 'custom',
    reserveSlot(_context, abortSignal) {
      if (abortSignal.aborted) return Promise.reject(abortSignal.reason)
      if (free() && waiting.size === 0) return Promise.resolve(permit())
      return new Promise<SlotPermit>((resolve, reject) => {
        const wake = () => {
          abortSignal.removeEventListener('abort', abort)
          resolve(permit())
        }
        const abort = () => {
          waiting.delete(wake)
          reject(abortSignal.reason)
        }
        waiting.add(wake)
        abortSignal.addEventListener('abort', abort, { once: true })
        lookAgainAfterSpacing()
      })
    },
    tryReserveSlot() {
      return free() && waiting.size === 0 ? permit() : null
    },
    markSlotUsed() {},
    releaseSlot() {
      reserved -= 1
      wakeWaiting()
    },
  }
}
