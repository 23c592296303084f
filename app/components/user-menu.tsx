import { Form } from '@remix-run/react'

/** The signed-in person in the top bar, with the way out. */
export function UserMenu({ name, role }: { name: string; role: string }) {
  return (
    <div className="user-menu">
      <span>
        <strong>{name}</strong> · {role}
      </span>
      <Form method="post" action="/sign-out">
        <button type="submit" className="link-button">
          Sign out
        </button>
      </Form>
    </div>
  )
}
