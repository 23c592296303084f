import { Form, useNavigation } from '@remix-run/react'

/** The intent of the deal page's form that emails the proposal (app/deal-proposal.server.ts). */
export const sendProposalIntent = 'send-proposal'

/** "Send proposal to <contact>" and, when the workflow refused, why (decision 0025). */
export function ProposalSendForm({ to, refusal }: { to: string | null; refusal: string | null }) {
  const navigation = useNavigation()
  const sending = navigation.state !== 'idle' && navigation.formData?.get('intent') === sendProposalIntent
  return (
    <>
      {/* One click, one proposal: the button is off while it is being sent, so a double click sends no second one. */}
      <Form method="post" className="proposal-send">
        <input type="hidden" name="intent" value={sendProposalIntent} />
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Sending the proposal…' : `Send proposal to ${to ?? 'the primary contact'}`}
        </button>
      </Form>
      {refusal ? <p className="notice bad">Not sent: {refusal}</p> : null}
    </>
  )
}
