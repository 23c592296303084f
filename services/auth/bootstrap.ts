import type { AppConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import { hashPassword } from '../../lib/passwords'
import { randomToken } from '../../lib/tokens'
import { ensureBootstrapApiKey } from './api-keys'
import { recordAudit } from './audit'

const generatedAdminEmail = 'admin@durable-crm.localhost'

/**
 * The first Admin: BOOTSTRAP_ADMIN_EMAIL/PASSWORD when set; otherwise, outside production and only while no
 * Admin exists, one with a generated password printed once. Also seeds BOOTSTRAP_API_KEY.
 */
export async function bootstrapAccess(
  db: Database,
  config: Pick<AppConfig, 'NODE_ENV' | 'BOOTSTRAP_ADMIN_EMAIL' | 'BOOTSTRAP_ADMIN_PASSWORD' | 'BOOTSTRAP_API_KEY'>,
  print: (line: string) => void = (line) => console.log(line),
): Promise<void> {
  if (config.BOOTSTRAP_API_KEY) await ensureBootstrapApiKey(db, config.BOOTSTRAP_API_KEY)

  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    const existing = await db.user.findUnique({ where: { email: config.BOOTSTRAP_ADMIN_EMAIL }, select: { id: true } })
    if (!existing) await createAdmin(config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD)
    return
  }
  // An Admin someone can sign in as: seeded demo people have no password.
  const anyAdmin = await db.user.findFirst({
    where: { role: 'ADMIN', active: true, passwordHash: { not: null } },
    select: { id: true },
  })
  if (anyAdmin) return
  if (config.NODE_ENV === 'production') {
    logger.warn('No active Admin exists: set BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD to create one')
    return
  }
  const password = randomToken(15)
  await createAdmin(generatedAdminEmail, password)
  // Printed once, on purpose, to the terminal of the person who just ran `npm start`; never logged again.
  print(`\nFirst Admin created. Sign in as ${generatedAdminEmail} with password: ${password}\n`)

  async function createAdmin(email: string, password: string) {
    const admin = await db.user.create({
      data: { email, name: 'Administrator', role: 'ADMIN', passwordHash: await hashPassword(password) },
      select: { id: true },
    })
    await recordAudit(db, {
      actor: undefined,
      action: 'users.create',
      entityType: 'users',
      entityId: admin.id,
      metadata: { role: 'ADMIN', bootstrap: true },
    })
  }
}
