// What an exportable list gives the export module (list-export.ts): its rows in the list's own order, narrowed by
// the caller's §14.2 grant and the list's filters exactly as the list page narrows them, one batch at a time.

export type ExportCell = string | number | boolean | Date | null | undefined | unknown

export interface ExportSource {
  /** The list's name in URLs, file names and the audit log: leads, companies, pipeline, … */
  list: string
  /** The filters as applied (non-empty ones only), for the audit row. */
  filters: Record<string, string>
  /** Column headers, in order; each row is an object with these keys. Null: the first row's keys (none: empty). */
  columns: string[] | null
  count(): Promise<number>
  batches(batchSize: number): AsyncIterable<Record<string, ExportCell>[]>
}

/** What a Prisma `findMany` with keyset paging needs: the delegate call with `cursor`, `skip` and `take` added. */
type FindMany<Row> = (args: { cursor?: { id: string }; skip?: number; take: number }) => Promise<Row[]>

/**
 * Reads a Prisma query in batches with its `cursor` on `id` (Prisma keeps the query's own `orderBy`, which must end
 * in `id`), so a 100,000-row export never holds more than one batch.
 */
export async function* keysetBatches<Row extends { id: string }>(
  findMany: FindMany<Row>,
  batchSize: number,
): AsyncIterable<Row[]> {
  let after: string | undefined
  for (;;) {
    const rows = await findMany(after ? { cursor: { id: after }, skip: 1, take: batchSize } : { take: batchSize })
    if (rows.length > 0) yield rows
    if (rows.length < batchSize) return
    after = rows.at(-1)?.id
  }
}
