import { recordGrant, roles, type RecordAction, type RecordResource } from '../domain/access/permission-matrix'
import { scopeFor } from '../services/auth/api-keys'

/**
 * Who may call a record operation: a person by the §14.2 matrix, a machine client by its key's scope. Its 401 and
 * 403 come with every guarded operation (withCommonProblems).
 */
export function guarded<Operation extends Record<string, unknown>>(
  resource: RecordResource,
  action: RecordAction,
  operation: Operation,
  note?: string,
) {
  return {
    ...operation,
    security: [{ sessionCookie: [] }, { apiKey: [scopeFor(resource, action)] }],
    'x-crm-permission': {
      resource,
      action,
      grants: Object.fromEntries(roles.map((role) => [role, recordGrant(role, resource, action)])),
      apiKeyScope: scopeFor(resource, action),
      ...(note ? { note } : {}),
    },
  }
}
