/** The outcome of the last form submission: a confirmation, or what went wrong. */
export function Notice({ ok, error }: { ok?: string | null; error?: string | null }) {
  if (error) {
    return (
      <p className="notice bad" role="alert">
        {error}
      </p>
    )
  }
  if (ok) {
    return (
      <p className="notice good" role="status">
        {ok}
      </p>
    )
  }
  return null
}
