import { Form, useNavigation } from '@remix-run/react'

/** The intent of the deal page's form that emails the deal's contact (app/deal-email.server.ts). */
export const emailContactIntent = 'email-contact'

/** "Email <contact>": subject and body, sent by the deal's workflow through the outbox (decision 0032). */
export function DealEmailForm({ to, refusal }: { to: string | null; refusal: string | null }) {
  const navigation = useNavigation()
  const sending = navigation.state !== 'idle' && navigation.formData?.get('intent') === emailContactIntent
  const recipient = to ?? 'the primary contact'
  return (
    <>
      <Form method="post" className="deal-email" aria-label={`Email ${recipient}`}>
        <input type="hidden" name="intent" value={emailContactIntent} />
        <label>
          Subject
          <input name="subject" required maxLength={200} />
        </label>
        <label>
          Message
          <textarea name="body" required maxLength={10_000} rows={6} />
        </label>
        {/* Off while it is being sent, so a double click sends no second email. */}
        <button type="submit" disabled={sending}>
          {sending ? 'Sending…' : `Email ${recipient}`}
        </button>
      </Form>
      {refusal ? <p className="notice bad">Not sent: {refusal}</p> : null}
    </>
  )
}
