import type { UserRole } from '../../prisma/generated/enums'

/** The five roles of seed 002 §14.1, as people read them. */
export const roleLabels: Record<UserRole, string> = {
  ADMIN: 'Admin',
  SALES_MANAGER: 'Sales Manager',
  SALES_REP: 'Sales Rep',
  CUSTOMER_SUCCESS: 'Customer Success',
  VIEWER: 'Viewer',
}
