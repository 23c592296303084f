import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ActivityTargetKind } from '../../domain/activities/activity-input'
import { activityPanelAction, isActivityIntent, loadActivityPanel, type ActivityFailure } from '../activities.server'
import activitiesStylesheet from '../components/activities.css?url'
import { ActivityPanel } from '../components/activity-panel'
import { Notice } from '../components/notice'
import { RelatedRecords } from '../components/related-records'
import { VoiceTranscripts } from '../components/voice-transcripts'
import voiceTranscriptsStylesheet from '../components/voice-transcripts.css?url'
import { loadRelatedRecords } from '../related-records.server'
import { loadTranscriptSession } from '../voice-transcripts.server'
import { ConfirmDelete, DeleteLink, RecordFields, RecordForm } from '../components/record-form'
import { RouteError } from '../components/route-error'
import { displayValue, recordPages, referenceHref, type FormField } from '../record-pages'
import {
  abilitiesOf,
  formOutcome,
  guardedContext,
  recordAction,
  ownerNamesOf,
  recordPageOf,
  referenceOptionsFor,
  serviceOf,
  userReferences,
  valuesOfRecord,
  type ActionFailure,
} from '../records.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: activitiesStylesheet },
  { rel: 'stylesheet', href: voiceTranscriptsStylesheet },
]

/** The record pages that log work (seed 002 §2 Activity): deals, companies and contacts (leads have their own page). */
const activityTargetOfSegment: Partial<Record<string, ActivityTargetKind>> = {
  opportunities: 'deal',
  companies: 'company',
  contacts: 'contact',
}

export async function loader(args: LoaderFunctionArgs) {
  const page = recordPageOf(args.params)
  const id = String(args.params.id)
  const { user, context } = await guardedContext(args, page, 'read', id)
  // Someone else's record under an "own" grant answers 404, like a missing one.
  const outcome = await formOutcome(() => serviceOf(page).get(context, id), {})
  if (!outcome.ok) throw new Response('This record cannot be shown.', { status: 400 })
  const record = outcome.value
  const abilities = abilitiesOf(user, page)
  const url = new URL(args.request.url)
  const activityTarget = activityTargetOfSegment[page.segment]
  return {
    activityPanel: activityTarget ? await loadActivityPanel(args, { kind: activityTarget, id }) : null,
    related: await loadRelatedRecords(args.context, user, page.segment, id),
    // What was said: the point of opening a voice session (its form holds only what was made of it).
    conversation: page.segment === 'voice-sessions' ? await loadTranscriptSession(args.context.db, id) : null,
    now: new Date().toISOString(),
    segment: page.segment,
    id,
    name: page.nameOf(record),
    values: valuesOfRecord(page.fields, record),
    options: await referenceOptionsFor(args.context, user, page.fields),
    owners: await ownerNamesOf(args.context, [record as Record<string, unknown>], userReferences(page.fields)),
    confirmDelete: abilities.canDelete && url.searchParams.has('delete'),
    notice: url.searchParams.get('notice'),
    ...abilities,
  }
}

export async function action(args: ActionFunctionArgs) {
  const page = recordPageOf(args.params)
  const id = String(args.params.id)
  const activityTarget = activityTargetOfSegment[page.segment]
  // Peek at the intent; each handler reads the form itself.
  if (activityTarget && isActivityIntent((await args.request.clone().formData()).get('intent'))) {
    return activityPanelAction(args, { kind: activityTarget, id }, `/${page.segment}/${id}`)
  }
  return recordAction(args, page, id)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? 'Record'} · Durable CRM` }]

export default function RecordPage() {
  const {
    segment,
    id,
    name,
    values,
    options,
    owners,
    confirmDelete,
    notice,
    canUpdate,
    canDelete,
    activityPanel,
    related,
    conversation,
    now,
  } = useLoaderData<typeof loader>()
  const submitted = useActionData<ActionFailure | ActivityFailure>()
  const activityFailure = submitted && 'activityIntent' in submitted ? submitted : null
  const failure = submitted && !('activityIntent' in submitted) ? submitted : undefined
  const page = recordPages[segment]
  if (!page) return null
  const labels = {
    ...Object.fromEntries(Object.values(options).flatMap((list) => list.map((option) => [option.value, option.label]))),
    ...owners,
  }
  const shown = failure?.values && Object.keys(failure.values).length > 0 ? failure.values : values
  return (
    <>
      <p>
        <Link to={`/${segment}`}>← {page.title}</Link>
      </p>
      <div className="page-head">
        <h1>{name}</h1>
        {canDelete && !confirmDelete ? <DeleteLink /> : null}
      </div>
      <Notice ok={submitted ? null : notice} error={submitted?.error} />
      {confirmDelete ? <ConfirmDelete singular={page.singular} keepTo={`/${segment}/${id}`} /> : null}
      <section className="panel" aria-labelledby="details">
        <h2 id="details">{canUpdate ? 'Edit' : 'Details'}</h2>
        {canUpdate ? (
          <RecordForm intent="update" submitLabel="Save changes">
            <RecordFields
              fields={page.fields.filter((field) => !field.createOnly)}
              values={shown}
              errors={failure?.errors ?? []}
              options={options}
              mode="update"
            />
          </RecordForm>
        ) : (
          <dl className="fields">
            {page.fields.map((field) => (
              <div key={field.name} className="field-row">
                <dt>{field.label}</dt>
                <dd>
                  <ReadOnlyValue field={field} value={values[field.name] ?? ''} labels={labels} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      {conversation ? (
        <section className="panel spaced" aria-labelledby="conversation">
          <h2 id="conversation">Conversation</h2>
          <VoiceTranscripts sessions={[conversation]} />
        </section>
      ) : null}
      {related ? <RelatedRecords lists={related} /> : null}
      {activityPanel ? <ActivityPanel panel={activityPanel} failure={activityFailure} now={now} /> : null}
    </>
  )
}

/** A value a person may read but not change; a reference opens the record it names. */
function ReadOnlyValue({ field, value, labels }: { field: FormField; value: string; labels: Record<string, string> }) {
  const shown = displayValue(field, value, labels)
  const href = field.type === 'reference' ? referenceHref(field.to, value) : null
  return href ? <Link to={href}>{shown}</Link> : <>{shown}</>
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
