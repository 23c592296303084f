import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { confirmUnsubscribe, loadUnsubscribePage, type UnsubscribePageState } from '../unsubscribe.server'

// The page behind the unsubscribe link in every email, public, in the person's own language.

export function loader({ params, context }: LoaderFunctionArgs): Promise<UnsubscribePageState> {
  return loadUnsubscribePage(context, params.token ?? '')
}

export function action({ params, context }: ActionFunctionArgs): Promise<UnsubscribePageState> {
  return confirmUnsubscribe(context, params.token ?? '')
}

export const unsubscribePageWords = {
  EN: {
    title: 'Unsubscribe',
    question: 'Stop all emails from AI KRE8TION Partners?',
    confirm: 'Unsubscribe',
    done: 'You are unsubscribed',
    doneDetail: 'You will not receive any more emails from us.',
  },
  ES: {
    title: 'Darse de baja',
    question: '¿Dejar de recibir todos los correos de AI KRE8TION Partners?',
    confirm: 'Darme de baja',
    done: 'Se ha dado de baja',
    doneDetail: 'No recibirá más correos de nuestra parte.',
  },
} as const

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: unsubscribePageWords[data?.language ?? 'EN'].title },
  { name: 'robots', content: 'noindex' },
]

/** The page's content for a state; a plain form, so it works without JavaScript. */
export function UnsubscribeView({ language, unsubscribed }: UnsubscribePageState) {
  const words = unsubscribePageWords[language]
  return (
    <section className="sign-in panel" lang={language.toLowerCase()}>
      {unsubscribed ? (
        <>
          <h1>{words.done}</h1>
          <p role="status">{words.doneDetail}</p>
        </>
      ) : (
        <>
          <h1>{words.title}</h1>
          <p>{words.question}</p>
          <form method="post" className="stack">
            <button type="submit" className="primary">
              {words.confirm}
            </button>
          </form>
        </>
      )}
    </section>
  )
}

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  return <UnsubscribeView {...(acted ?? loaded)} />
}
