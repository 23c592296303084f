import { RowAction } from './row-action'
import { Form } from '@remix-run/react'
import { ViewerTime } from './lead-time'

// The partnership's changes (pause, resume, extend, churn, graduate) and its client portal links, for its Customer
// Success owner or a manager. Each posts to the page's action, which asks the partnership's workflow.

/** A refusal is shown at the top of the page, where every change's outcome is. */
export function PartnershipControls({ status }: { status: string }) {
  const paused = status === 'PAUSED'
  return (
    <div className="partnership-controls">
      {paused ? (
        <Form method="post">
          <input type="hidden" name="intent" value="resume" />
          <button type="submit" className="primary">
            Resume
          </button>
        </Form>
      ) : (
        <Form method="post" className="control-form">
          <input type="hidden" name="intent" value="pause" />
          <label>
            Pause because
            <input name="reason" required />
          </label>
          <button type="submit" className="secondary">
            Pause
          </button>
        </Form>
      )}
      <Form method="post" className="control-form">
        <input type="hidden" name="intent" value="extend" />
        <label>
          Extend by (weeks)
          <input name="weeks" type="number" min={1} max={52} defaultValue={2} required />
        </label>
        <label>
          Why
          <input name="reason" required />
        </label>
        <button type="submit" className="secondary">
          Extend
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="graduate" />
        <button type="submit" className="primary">
          Graduate
        </button>
      </Form>
      <Form method="post" className="control-form">
        <input type="hidden" name="intent" value="churn" />
        <label>
          Leaving because
          <input name="reason" required />
        </label>
        <button type="submit" className="danger">
          Churn
        </button>
      </Form>
    </div>
  )
}

export interface PortalLinkRow {
  id: string
  createdAt: string
  revokedAt: string | null
  lastViewedAt: string | null
  createdBy: string | null
}

export function PortalLinks({
  links,
  created,
  refusal,
}: {
  links: PortalLinkRow[]
  created: { id: string; url: string } | null
  refusal: string | null
}) {
  return (
    <div className="portal-links">
      <p className="muted">
        A read-only page for the client (milestones, systems, next meetings, invoices) that opens without signing in.
        The link is shown once; revoke it when it should stop working.
      </p>
      {refusal ? (
        <p className="notice bad" role="alert">
          {refusal}
        </p>
      ) : null}
      {created ? (
        <p className="notice good" role="status">
          Send this link to the client:{' '}
          <input className="portal-url" readOnly value={created.url} aria-label="Client portal link" />
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="create-portal-link" />
        <button type="submit" className="secondary">
          Create a client link
        </button>
      </Form>
      {links.length > 0 ? (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">By</th>
              <th scope="col">Last opened</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr key={link.id}>
                <td>
                  <ViewerTime iso={link.createdAt} />
                </td>
                <td>{link.createdBy ?? '—'}</td>
                <td>{link.lastViewedAt ? <ViewerTime iso={link.lastViewedAt} /> : 'never'}</td>
                <td>
                  {link.revokedAt ? (
                    <>
                      revoked <ViewerTime iso={link.revokedAt} />
                    </>
                  ) : (
                    <RowAction
                      fields={{ intent: 'revoke-portal-link', linkId: link.id }}
                      label="Revoke"
                      tone="danger"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  )
}
