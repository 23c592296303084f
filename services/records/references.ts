import type { Database } from '../../lib/db'

export type ReferenceCheck = (db: Database, id: string) => Promise<boolean>

/** Whether the record an API field points at exists, so a bad id answers 400 naming the field. */
export const referenceTo = {
  company: (db, id) => db.company.count({ where: { id } }).then((count) => count > 0),
  contact: (db, id) => db.contact.count({ where: { id } }).then((count) => count > 0),
  lead: (db, id) => db.lead.count({ where: { id } }).then((count) => count > 0),
  opportunity: (db, id) => db.opportunity.count({ where: { id } }).then((count) => count > 0),
  user: (db, id) => db.user.count({ where: { id } }).then((count) => count > 0),
} satisfies Record<string, ReferenceCheck>
