import { Form, Link } from '@remix-run/react'
import { formatSeconds } from '../../domain/formatting/durations'
import type { ReactNode } from 'react'
import { enumWords } from '../../domain/records/enum-words'
import type { Column, FormField, ReferenceKind } from '../record-pages'
import { formatDateTime } from '../format'

export type Options = Partial<Record<ReferenceKind, { value: string; label: string }[]>>
export interface FieldError {
  field: string
  message: string
}

/** Fields the user can fill in: a reference whose records they may not read is left out unless it is required. */
export function offeredFields(fields: FormField[], options: Options): FormField[] {
  return fields.filter((field) => field.type !== 'reference' || options[field.to] !== undefined || field.required)
}

/** The inputs of a record form, each with its label and, after a refused submission, its error. */
export function RecordFields({
  fields,
  values,
  errors,
  options,
  mode,
}: {
  fields: FormField[]
  values: Record<string, string>
  errors: FieldError[]
  options: Options
  mode: 'create' | 'update' | 'filter'
}) {
  return (
    <>
      {offeredFields(fields, options).map((field) => {
        const error = errors.find((entry) => entry.field === field.name)
        const id = `${mode}-${field.name}`
        const describedBy = error ? `${id}-error` : undefined
        return (
          <div
            key={field.name}
            className={`field${field.type === 'checkbox' ? ' checkbox' : ''}${field.type === 'textarea' ? ' wide' : ''}`}
          >
            <label htmlFor={id}>
              {field.label}
              {field.required && mode === 'create' ? <span className="required"> *</span> : null}
            </label>
            <Input
              field={field}
              id={id}
              value={values[field.name] ?? ''}
              options={options}
              mode={mode}
              describedBy={describedBy}
              invalid={Boolean(error)}
            />
            {error ? (
              <span className="field-error" id={`${id}-error`}>
                {error.message}
              </span>
            ) : null}
          </div>
        )
      })}
    </>
  )
}

function Input({
  field,
  id,
  value,
  options,
  mode,
  describedBy,
  invalid,
}: {
  field: FormField
  id: string
  value: string
  options: Options
  mode: 'create' | 'update' | 'filter'
  describedBy?: string
  invalid: boolean
}) {
  const common = { id, name: field.name, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined }
  // Each value gets its own key so that a form shown again after a submission takes the new defaults.
  const key = `${field.name}:${value}`
  const emptyChoice =
    mode === 'filter' ? 'Any' : mode === 'create' && !field.required ? '—' : field.clearable ? '— none —' : 'Choose…'
  switch (field.type) {
    case 'select':
      return (
        <select key={key} {...common} defaultValue={value}>
          {mode === 'update' && !field.clearable && value !== '' ? null : <option value="">{emptyChoice}</option>}
          {field.options.map((option) => (
            <option key={option} value={option}>
              {enumWords(option)}
            </option>
          ))}
        </select>
      )
    case 'reference': {
      const choices = options[field.to]
      if (!choices) return <input key={key} {...common} defaultValue={value} placeholder="Record id" />
      return (
        <select key={key} {...common} defaultValue={value}>
          {mode === 'update' && !field.clearable && value !== '' ? null : <option value="">{emptyChoice}</option>}
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )
    }
    case 'checkbox':
      return (
        <span className="checkbox-input">
          <input type="hidden" name={field.name} value="false" />
          <input key={key} {...common} type="checkbox" value="true" defaultChecked={value === 'true'} />
        </span>
      )
    case 'textarea':
      return <textarea key={key} {...common} defaultValue={value} rows={3} />
    case 'number':
      return <input key={key} {...common} type="number" step={field.step ?? '1'} defaultValue={value} />
    case 'list':
      return <input key={key} {...common} defaultValue={value} placeholder={field.hint} />
    default:
      return <input key={key} {...common} type={field.type} defaultValue={value} placeholder={field.hint} />
  }
}

/** A record form that posts to the current route with an intent. */
export function RecordForm({
  intent,
  submitLabel,
  children,
}: {
  intent: string
  submitLabel: string
  children: ReactNode
}) {
  return (
    <Form method="post" className="form-grid record-form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <div className="form-actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}

/** One cell of a record list, in words. */
export function formatCell(column: Column, record: Record<string, unknown>, labels: Record<string, string>): string {
  const value = record[column.field]
  if (value === null || value === undefined || value === '') return '—'
  switch (column.format) {
    case 'enum':
      return enumWords(String(value))
    case 'date':
      return formatDateTime(String(value))
    case 'money':
      return `$${Number(value).toLocaleString('en-US', { maximumFractionDigits: 2 })}`
    case 'reference':
      return labels[String(value)] ?? String(value)
    case 'seconds':
      return formatSeconds(Number(value))
    default:
      return String(value)
  }
}

/** The first step of deleting: a link to the same page asking for confirmation. */
export function DeleteLink() {
  return (
    <Link to="?delete" className="button danger">
      Delete…
    </Link>
  )
}

/** The second step: what deleting means, and the button that does it. */
export function ConfirmDelete({ singular, keepTo }: { singular: string; keepTo: string }) {
  return (
    <section className="panel confirm spaced-bottom" aria-labelledby="confirm-delete">
      <h2 id="confirm-delete">{`Delete this ${singular}?`}</h2>
      <p>This cannot be undone. Records that still refer to it keep it from being deleted.</p>
      <div className="actions">
        <Form method="post" className="inline">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="danger">
            {`Delete ${singular}`}
          </button>
        </Form>
        <Link to={keepTo}>Keep it</Link>
      </div>
    </section>
  )
}

/**
 * The "Edit" panel of a record's own page (the lead and deal pages): the record form with the record's values, or,
 * after a refused submission, what was entered and what was wrong with it.
 */
export function RecordEditSection({
  headingId,
  fields,
  values,
  failure,
  options = {},
}: {
  headingId: string
  fields: FormField[]
  values: Record<string, string>
  failure: { errors: FieldError[]; values?: Record<string, string> } | null
  options?: Options
}) {
  const entered = failure?.values && Object.keys(failure.values).length > 0 ? failure.values : null
  return (
    <section className="panel spaced" aria-labelledby={headingId}>
      <h2 id={headingId}>Edit</h2>
      <RecordForm intent="update" submitLabel="Save changes">
        <RecordFields
          fields={fields}
          values={entered ?? values}
          errors={failure?.errors ?? []}
          options={options}
          mode="update"
        />
      </RecordForm>
    </section>
  )
}
