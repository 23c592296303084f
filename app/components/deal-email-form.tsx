import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/** The intent of the deal page's form that emails the deal's contact (app/deal-email.server.ts). */
export const emailContactIntent = 'email-contact'

/** "Email <contact>": subject and body, sent by the deal's workflow through the outbox (decision 0032). */
export function DealEmailForm({ to, refusal }: { to: string | null; refusal: string | null }) {
  const navigation = useNavigation()
  const sending = navigation.state !== 'idle' && navigation.formData?.get('intent') === emailContactIntent
  const form = useRef<HTMLFormElement>(null)
  const wasSending = useRef(false)
  useEffect(() => {
    // Sent: the page stays mounted through the redirect, so the form is emptied for the next email. Refused: the
    // rep's text stays, to be corrected.
    if (wasSending.current && !sending && !refusal) form.current?.reset()
    wasSending.current = sending
  }, [sending, refusal])
  const recipient = to ?? 'the primary contact'
  return (
    <>
      <Form ref={form} method="post" className="deal-email" aria-label={`Email ${recipient}`}>
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
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Sending…' : `Email ${recipient}`}
        </button>
      </Form>
      {refusal ? <p className="notice bad">Not sent: {refusal}</p> : null}
    </>
  )
}
