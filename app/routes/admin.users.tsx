import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { roles } from '../../domain/access/permission-matrix'
import { clientOf, grantOf, requireGrant } from '../auth.server'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { roleLabels } from '../components/roles'
import { formatDateTime } from '../format'
import { applyUserIntent, isUserIntent, userIntents } from '../user-admin.server'

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireGrant(args, { resource: 'users', action: 'read' })
  const users = await args.context.db.user.findMany({
    select: { id: true, name: true, email: true, role: true, active: true, lastSignInAt: true, createdAt: true },
    orderBy: [{ active: 'desc' }, { name: 'asc' }],
  })
  return {
    users,
    me: user.userId,
    canCreate: grantOf(user, { resource: 'users', action: 'create' }) !== 'none',
    canUpdate: grantOf(user, { resource: 'users', action: 'update' }) !== 'none',
    canDeactivate: grantOf(user, { resource: 'users', action: 'delete' }) !== 'none',
  }
}

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData()
  const intent = form.get('intent')
  if (!isUserIntent(intent)) return data({ ok: null, error: 'Unknown action.', created: null }, { status: 400 })
  const userId = form.get('userId')
  const { user } = await requireGrant(
    args,
    { resource: 'users', action: userIntents[intent] },
    typeof userId === 'string' ? userId : undefined,
  )
  const outcome = await applyUserIntent({ db: args.context.db, admin: user, client: clientOf(args) }, intent, form)
  if ('error' in outcome) return data({ ok: null, error: outcome.error, created: null }, { status: outcome.status })
  // A fresh id per success, so the creation form clears even when the same person is added twice.
  return { ok: outcome.ok, error: null, created: intent === 'create' ? crypto.randomUUID() : null }
}

// Without the single-fetch type flag, `typeof action` cannot see through `data()`: name the shape instead.
type ActionResult = { ok: string | null; error: string | null; created: string | null }

export const meta: MetaFunction = () => [{ title: 'Users · Durable CRM' }]

export default function UsersPage() {
  const { users, me, canCreate, canUpdate, canDeactivate } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const manages = canUpdate || canDeactivate
  return (
    <>
      <h1>Users</h1>
      <p className="subtitle">
        Who can sign in, and with which role (seed §14).
        {manages ? '' : ' You can see the team; only an Admin can change it.'}
      </p>
      <Notice ok={result?.ok} error={result?.error} />
      {canCreate ? <CreateUserForm created={result?.created ?? null} /> : null}
      <section className="panel table-panel spaced" aria-labelledby="team">
        <table className="user-list">
          <caption className="visually-hidden" id="team">
            Users
          </caption>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
              {manages ? <th>Manage</th> : null}
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td className="breakable">{user.email}</td>
                <td>{roleLabels[user.role]}</td>
                <td>
                  <span className={`badge ${user.active ? 'active' : 'inactive'}`}>
                    {user.active ? 'Active' : 'Deactivated'}
                  </span>
                </td>
                <td className="when">{formatDateTime(user.lastSignInAt)}</td>
                {manages ? (
                  <td>
                    {user.id === me ? (
                      <span className="muted">You</span>
                    ) : (
                      <ManageUser user={user} canUpdate={canUpdate} canDeactivate={canDeactivate} />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

function CreateUserForm({ created }: { created: string | null }) {
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (created) form.current?.reset()
  }, [created])
  return (
    <section className="panel" aria-labelledby="add-user">
      <h2 id="add-user">Add a user</h2>
      <Form method="post" className="form-grid" ref={form}>
        <input type="hidden" name="intent" value="create" />
        <label className="field">
          <span>Name</span>
          <input name="name" required autoComplete="off" />
        </label>
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" defaultValue="SALES_REP">
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Initial password</span>
          <input
            name="password"
            type="password"
            minLength={12}
            required
            placeholder="12 characters or more"
            autoComplete="new-password"
          />
        </label>
        <div>
          <button type="submit" className="primary">
            Create user
          </button>
        </div>
      </Form>
    </section>
  )
}

function ManageUser({
  user,
  canUpdate,
  canDeactivate,
}: {
  user: { id: string; name: string; role: keyof typeof roleLabels; active: boolean }
  canUpdate: boolean
  canDeactivate: boolean
}) {
  return (
    <div className="actions">
      {canUpdate ? (
        <Form method="post" className="inline">
          <input type="hidden" name="userId" value={user.id} />
          <select name="role" defaultValue={user.role} aria-label={`Role of ${user.name}`}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="change-role" className="secondary small">
            Change role
          </button>
        </Form>
      ) : null}
      {user.active && canDeactivate ? (
        <Form method="post" className="inline">
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" name="intent" value="deactivate" className="danger small">
            Deactivate
          </button>
        </Form>
      ) : null}
      {!user.active && canUpdate ? (
        <Form method="post" className="inline">
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" name="intent" value="reactivate" className="secondary small">
            Reactivate
          </button>
        </Form>
      ) : null}
      {canUpdate ? (
        <Form method="post" className="inline">
          <input type="hidden" name="userId" value={user.id} />
          <input
            type="password"
            name="password"
            minLength={12}
            required
            placeholder="New password"
            autoComplete="new-password"
            aria-label={`New password for ${user.name}`}
          />
          <button type="submit" name="intent" value="reset-password" className="secondary small">
            Reset password
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <RouteError />
}
