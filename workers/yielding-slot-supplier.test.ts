import type { ActivitySlotInfo, SlotPermit } from '@temporalio/worker'
import { describe, expect, it } from 'vitest'
import { yieldingSlotSupplier } from './yielding-slot-supplier'

function fakeWeb(busy: boolean) {
  const idleListeners: Array<() => void> = []
  return {
    busy,
    isBusy() {
      return this.busy
    },
    onIdle: (listener: () => void) => void idleListeners.push(listener),
    goIdle() {
      this.busy = false
      for (const listener of idleListeners) listener()
    },
  }
}

const context = {
  slotType: 'activity',
  taskQueue: 'crm',
  workerIdentity: 'w',
  workerDeploymentVersion: null,
  workerBuildId: '',
  isSticky: false,
} as never
const never = new AbortController().signal
const released = { slotInfo: undefined, permit: {} } as never

/** Reserves until a reservation waits; the waiting ones stay pending. */
async function reserveAll(supplier: ReturnType<typeof yieldingSlotSupplier<ActivitySlotInfo>>, attempts: number) {
  let granted = 0
  const pending: Array<Promise<SlotPermit>> = []
  for (let index = 0; index < attempts; index++) {
    const reservation = supplier.reserveSlot(context, never)
    const settled = await Promise.race([
      reservation.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 10)),
    ])
    if (settled) granted += 1
    else pending.push(reservation)
  }
  return { granted, pending }
}

describe('yieldingSlotSupplier', () => {
  it('grants up to the maximum while the web process is idle', async () => {
    const supplier = yieldingSlotSupplier<ActivitySlotInfo>({ maximum: 8, whileWebBusy: 1 }, fakeWeb(false))
    const { granted, pending } = await reserveAll(supplier, 10)
    expect(granted).toBe(8)
    expect(pending).toHaveLength(2)
    expect(supplier.tryReserveSlot(context)).toBeNull()
    supplier.releaseSlot(released)
    await pending[0]
  })

  it('grants no slot beyond its busy size while the web process is busy, and the rest when it goes idle', async () => {
    const web = fakeWeb(true)
    const supplier = yieldingSlotSupplier<ActivitySlotInfo>({ maximum: 8, whileWebBusy: 2 }, web)
    const { granted, pending } = await reserveAll(supplier, 5)
    expect(granted).toBe(2)
    expect(supplier.tryReserveSlot(context)).toBeNull()
    // While busy, a released slot goes to one waiter, back up to the busy size, not to the others.
    supplier.releaseSlot(released)
    const afterRelease = await Promise.race([
      pending[0]!.then(() => 'granted'),
      new Promise((r) => setTimeout(() => r('waiting'), 20)),
    ])
    expect(afterRelease).toBe('granted')
    const stillWaiting = await Promise.race([
      pending[1]!.then(() => 'granted'),
      new Promise((r) => setTimeout(() => r('waiting'), 20)),
    ])
    expect(stillWaiting).toBe('waiting')
    web.goIdle()
    await Promise.all(pending)
    expect(supplier.tryReserveSlot(context)).not.toBeNull()
  })

  it('spaces its grants while the web process is busy, and not while it is idle', async () => {
    const web = fakeWeb(true)
    const supplier = yieldingSlotSupplier<ActivitySlotInfo>(
      { maximum: 8, whileWebBusy: 2, spacingWhileWebBusyMs: 200 },
      web,
    )
    const first = Date.now()
    await supplier.reserveSlot(context, never)
    // A second slot is within the busy size, but not before the spacing has passed.
    expect(supplier.tryReserveSlot(context)).toBeNull()
    await supplier.reserveSlot(context, never)
    expect(Date.now() - first).toBeGreaterThanOrEqual(190)
    supplier.releaseSlot(released)
    supplier.releaseSlot(released)
    web.goIdle()
    for (let slot = 0; slot < 8; slot++) expect(supplier.tryReserveSlot(context)).not.toBeNull()
  })

  it('refuses a reservation the SDK aborts, with the abort reason, and hands its place to the next one', async () => {
    const web = fakeWeb(true)
    const supplier = yieldingSlotSupplier<ActivitySlotInfo>({ maximum: 8, whileWebBusy: 1 }, web)
    await supplier.reserveSlot(context, never)
    const controller = new AbortController()
    const aborted = supplier.reserveSlot(context, controller.signal)
    const next = supplier.reserveSlot(context, never)
    const reason = new Error('AbortError')
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)
    supplier.releaseSlot(released)
    await expect(next).resolves.toEqual({})
  })
})
