import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { safeRedirectPath } from '../auth.server'
import { signIn } from '../sign-in.server'
import { Notice } from '../components/notice'

export function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (context.actor?.kind === 'user') throw redirect(redirectTo ?? '/')
  return { redirectTo }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const outcome = await signIn(
    { request, context },
    { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
  )
  if (!outcome.ok) {
    return data(
      { error: outcome.message },
      {
        status: outcome.status,
        headers: outcome.status === 429 ? { 'Retry-After': String(outcome.retryAfterSeconds) } : undefined,
      },
    )
  }
  return redirect(safeRedirectPath(form.get('redirectTo')) ?? '/', { headers: { 'Set-Cookie': outcome.cookie } })
}

// Without the single-fetch type flag, `typeof action` cannot see through `data()`: name the shape instead.
type ActionResult = { error: string }

// A document response takes its headers from here, not from the action's data().
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export const meta: MetaFunction = () => [{ title: 'Sign in · Durable CRM' }]

export default function SignInPage() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const submitting = useNavigation().state === 'submitting'
  return (
    <section className="sign-in panel">
      <h1>Sign in</h1>
      <p className="subtitle">Durable CRM is for the team only.</p>
      <Notice error={result?.error} />
      <Form method="post" className="stack">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </section>
  )
}
