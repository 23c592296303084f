import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const headings: Record<number, string> = {
  403: 'Not allowed',
  404: 'Not found',
  405: 'Not here',
  429: 'Too many attempts',
}

/** A route's error boundary: what was refused or missing, in words, and a way back. */
export function RouteError({
  back = { to: '/leads', label: 'Back to leads' },
  subject,
}: {
  back?: { to: string; label: string }
  /** What the page shows ("Lead", "Deal"), for a 404 heading that says what was not found. */
  subject?: string
}) {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string'
      ? error.data
      : error.statusText
    : 'Something went wrong on our side.'
  return (
    <section className="error">
      <h1>{status === 404 && subject ? `${subject} not found` : (headings[status] ?? 'Something went wrong')}</h1>
      <p>{message}</p>
      <Link to={back.to}>{back.label}</Link>
    </section>
  )
}
