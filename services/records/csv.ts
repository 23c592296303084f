// Moved to lib/csv.ts so report attachments rendered by the outbox (lib/) share the same CSV rules.
export { toCsv } from '../../lib/csv'
