import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { signOut } from '../sign-in.server'

// Signing out changes state, so it is a POST (from the top bar's form); a GET does nothing.
export function loader() {
  return new Response('Sign out with the button in the top bar.', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await signOut({ request, context })
  return redirect('/sign-in', { headers: { 'Set-Cookie': cookie } })
}
