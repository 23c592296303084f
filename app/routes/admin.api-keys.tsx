import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { createApiKey, listApiKeys, revokeApiKey, scopeChoices } from '../api-key-admin.server'
import { clientOf, requireGrant } from '../auth.server'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { formatDateTime } from '../format'
import { EmptyTableRow } from '../components/empty-table-row'

const manageApiKeys = { resource: 'settings', action: 'manage-api-keys' } as const

export async function loader(args: LoaderFunctionArgs) {
  await requireGrant(args, manageApiKeys)
  return { apiKeys: await listApiKeys(args.context.db), scopes: scopeChoices() }
}

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData()
  const apiKeyId = form.get('apiKeyId')
  const { user } = await requireGrant(args, manageApiKeys, typeof apiKeyId === 'string' ? apiKeyId : undefined)
  const change = { db: args.context.db, apiKeys: args.context.apiKeys, admin: user, client: clientOf(args) }
  const intent = form.get('intent')
  const outcome =
    intent === 'create'
      ? await createApiKey(change, { name: String(form.get('name') ?? ''), scopes: form.getAll('scope').map(String) })
      : intent === 'revoke'
        ? await revokeApiKey(change, String(apiKeyId ?? ''))
        : { error: 'Unknown action.', status: 400 as const }
  if ('error' in outcome) return data({ ok: null, error: outcome.error, created: null }, { status: outcome.status })
  return { ok: outcome.ok, error: null, created: outcome.created ?? null }
}

// Without the single-fetch type flag, `typeof action` cannot see through `data()`: name the shape instead.
type ActionResult = { ok: string | null; error: string | null; created: { name: string; key: string } | null }

export const meta: MetaFunction = () => [{ title: 'API keys · Durable CRM' }]

export default function ApiKeysPage() {
  const { apiKeys, scopes } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const createForm = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (result?.created) createForm.current?.reset()
  }, [result])
  return (
    <>
      <h1>API keys</h1>
      <p className="subtitle">
        Keys for machine clients (the landing page, scripts). Each may call only the endpoints its scopes name.
      </p>
      <Notice ok={result?.ok} error={result?.error} />
      {result?.created ? (
        <section className="panel spaced-bottom" aria-labelledby="new-key">
          <h2 id="new-key">Copy the key for “{result.created.name}” now</h2>
          <p className="muted">It is shown only this once; we store only its hash.</p>
          <code className="secret" data-testid="new-api-key">
            {result.created.key}
          </code>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="add-key">
        <h2 id="add-key">Create a key</h2>
        <Form method="post" className="stack" ref={createForm}>
          <input type="hidden" name="intent" value="create" />
          <label className="field">
            <span>Name (who or what uses it)</span>
            <input name="name" required maxLength={100} autoComplete="off" />
          </label>
          <fieldset className="scopes">
            <legend>Scopes</legend>
            <div className="scope-grid">
              {scopesByResource(scopes).map(([resource, actions]) => (
                <div key={resource} className="scope-row">
                  <span>{resource}</span>
                  {actions.map((action) => (
                    <label key={action}>
                      <input
                        type="checkbox"
                        name="scope"
                        value={`${resource}:${action}`}
                        aria-label={`${resource}:${action}`}
                      />{' '}
                      {action}
                    </label>
                  ))}
                </div>
              ))}
            </div>
          </fieldset>
          <div>
            <button type="submit" className="primary">
              Create key
            </button>
          </div>
        </Form>
      </section>
      <section className="panel table-panel spaced" aria-labelledby="keys">
        <table>
          <caption className="visually-hidden" id="keys">
            API keys
          </caption>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {apiKeys.length === 0 ? <EmptyTableRow columns={6}>No API keys yet.</EmptyTableRow> : null}
            {apiKeys.map((apiKey) => (
              <tr key={apiKey.id}>
                <td>{apiKey.name}</td>
                <td>
                  <code>{apiKey.prefix}…</code>
                </td>
                <td>{apiKey.scopes.length === scopes.length ? 'all scopes' : apiKey.scopes.join(', ')}</td>
                <td className="when">
                  {formatDateTime(apiKey.createdAt)}
                  {apiKey.createdBy ? ` by ${apiKey.createdBy.name}` : ''}
                </td>
                <td className="when">{formatDateTime(apiKey.lastUsedAt)}</td>
                <td>
                  {apiKey.revokedAt ? (
                    <span className="badge revoked">Revoked {formatDateTime(apiKey.revokedAt)}</span>
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="apiKeyId" value={apiKey.id} />
                      <span className="badge active">Active</span>
                      <button type="submit" name="intent" value="revoke" className="danger small">
                        Revoke
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

/** `leads:read`, `leads:create`… as one row per resource. */
function scopesByResource(scopes: string[]): [string, string[]][] {
  const rows = new Map<string, string[]>()
  for (const scope of scopes) {
    const [resource = scope, action = ''] = scope.split(':')
    rows.set(resource, [...(rows.get(resource) ?? []), action])
  }
  return [...rows]
}

export function ErrorBoundary() {
  return <RouteError />
}
