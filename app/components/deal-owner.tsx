import { Form } from '@remix-run/react'

// The deal page's owner panel: who owns the deal, and the form to give it to someone else (or, for a rep, to take
// a deal nobody owns). The choices are those domain/deals/deal-moves.ts assignRefusal allows this viewer.

export interface OwnerChoice {
  id: string
  name: string
  role: string
}

export function DealOwner({
  owner,
  choices,
  viewerId,
  refusal,
}: {
  owner: { id: string; name: string } | null
  choices: OwnerChoice[]
  viewerId: string
  /** The workflow's or the service's answer to a refused reassignment. */
  refusal: string | null
}) {
  const others = choices.filter((choice) => choice.id !== owner?.id)
  const takeOnly = owner === null && others.length === 1 && others[0]!.id === viewerId
  return (
    <section className="panel spaced-bottom" aria-labelledby="deal-owner">
      <h2 id="deal-owner">Owner</h2>
      <div className="deal-moves">
        <p className="owner-now">
          {owner ? (
            <>
              Owned by <strong>{owner.name}</strong>
            </>
          ) : (
            'Nobody owns this deal yet.'
          )}
        </p>
        {others.length === 0 ? (
          <p className="muted">Nobody else can take it over.</p>
        ) : (
          <Form method="post" className="deal-move-form">
            <input type="hidden" name="intent" value="assign" />
            {takeOnly ? (
              <>
                <input type="hidden" name="ownerId" value={viewerId} />
                <button type="submit" className="primary">
                  Take this deal
                </button>
              </>
            ) : (
              <>
                <label>
                  New owner
                  <select name="ownerId" defaultValue="" required>
                    <option value="" disabled>
                      Choose a person
                    </option>
                    {others.map((choice) => (
                      <option key={choice.id} value={choice.id}>
                        {choice.name} ({choice.role === 'SALES_MANAGER' ? 'Sales Manager' : 'Sales Rep'})
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="secondary">
                  Reassign
                </button>
              </>
            )}
          </Form>
        )}
      </div>
      {refusal ? (
        <p className="field-error" role="alert">
          Not reassigned: {refusal}
        </p>
      ) : null}
    </section>
  )
}
