import { resolveStripeMock } from '../dev/stripe-mock'

// CI runs this before the tests so that building stripe-mock happens once, not inside a test's timeout.
console.log(`stripe-mock: ${await resolveStripeMock()}`)
