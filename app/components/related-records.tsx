import { Link } from '@remix-run/react'
import type { RelatedList } from '../related-records.server'

/** A company's or contact's leads, deals, partnerships (and a company's contacts), side by side. */
export function RelatedRecords({ lists }: { lists: RelatedList[] }) {
  return (
    <div className="related-grid spaced">
      {lists.map((list) => (
        <section key={list.kind} className="panel" aria-labelledby={`related-${list.kind}`}>
          <h2 id={`related-${list.kind}`}>
            {list.title} <span className="muted">({list.rows.length})</span>
          </h2>
          {list.rows.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <table>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td>
                      <Link to={row.path}>{row.name}</Link>
                    </td>
                    <td>{row.state}</td>
                    <td className="muted">{row.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  )
}
