import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '../components/notice'
import { RecordFields, RecordForm } from '../components/record-form'
import { RouteError } from '../components/route-error'
import { recordPages } from '../record-pages'
import {
  bodyOfForm,
  formOutcome,
  guardedContext,
  recordPageOf,
  referenceOptionsFor,
  serviceOf,
  valuesOfForm,
  type ActionFailure,
} from '../records.server'
import { notFound } from '../auth.server'

export async function loader(args: LoaderFunctionArgs) {
  const page = recordPageOf(args.params)
  const { user } = await guardedContext(args, page, 'create')
  if (!page.creatable || !serviceOf(page).create) throw notFound(`${page.title} are not created here.`)
  return { segment: page.segment, options: await referenceOptionsFor(args.context, user, page.fields) }
}

export async function action(args: ActionFunctionArgs) {
  const page = recordPageOf(args.params)
  const { context } = await guardedContext(args, page, 'create')
  const create = serviceOf(page).create
  if (!page.creatable || !create) throw notFound(`${page.title} are not created here.`)
  const form = await args.request.formData()
  const outcome = await formOutcome(
    () => create(context, bodyOfForm(page.fields, form, 'create')),
    valuesOfForm(page.fields, form),
  )
  if (!outcome.ok) return outcome.failure
  return redirect(
    `/${page.segment}/${String(outcome.value.id)}?notice=${encodeURIComponent(`The ${page.singular} was created.`)}`,
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `New ${data ? (recordPages[data.segment]?.singular ?? 'record') : 'record'} · Durable CRM` },
]

export default function NewRecordPage() {
  const { segment, options } = useLoaderData<typeof loader>()
  const failure = useActionData<ActionFailure>()
  const page = recordPages[segment]
  if (!page) return null
  return (
    <>
      <p>
        <Link to={`/${segment}`}>← {page.title}</Link>
      </p>
      <h1>{`New ${page.singular}`}</h1>
      <p className="subtitle">Fields marked * are required.</p>
      <Notice error={failure?.error} />
      <section className="panel" aria-labelledby="new-record">
        <h2 id="new-record" className="visually-hidden">
          {`New ${page.singular}`}
        </h2>
        <RecordForm intent="create" submitLabel={`Create ${page.singular}`}>
          <RecordFields
            fields={page.fields}
            values={failure?.values ?? {}}
            errors={failure?.errors ?? []}
            options={options}
            mode="create"
          />
        </RecordForm>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
