import { Prisma } from '../../lib/db'

function knownCode(error: unknown): string | undefined {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined
}

/** The columns of a violated unique constraint (P2002), whichever shape the driver adapter reports. */
export function uniqueViolationFields(error: unknown): string[] | undefined {
  if (knownCode(error) !== 'P2002') return undefined
  const meta = (error as Prisma.PrismaClientKnownRequestError).meta as
    | {
        target?: unknown
        driverAdapterError?: { cause?: { table?: string; constraint?: { fields?: unknown; index?: string } } }
      }
    | undefined
  const cause = meta?.driverAdapterError?.cause
  const fields = meta?.target ?? cause?.constraint?.fields
  if (Array.isArray(fields)) return fields.map((field) => String(field).replace(/^"|"$/g, ''))
  if (typeof fields === 'string') return [fields]
  // PostgreSQL names a Prisma @unique index <Table>_<column>_key.
  const index = cause?.constraint?.index
  if (index && cause?.table && index.startsWith(`${cause.table}_`) && index.endsWith('_key')) {
    return [index.slice(cause.table.length + 1, -'_key'.length)]
  }
  return []
}

/** A foreign key refused the write (P2003): another record still refers to this one. */
export function isForeignKeyViolation(error: unknown): boolean {
  return knownCode(error) === 'P2003'
}
