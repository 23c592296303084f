import { Form } from '@remix-run/react'

/** One action on one row of a table or list: a small POST form of hidden fields and its button. */
export function RowAction({
  fields,
  label,
  accessibleName,
  tone = 'secondary',
}: {
  fields: Record<string, string>
  label: string
  /** What the button says to a screen reader when `label` alone is ambiguous among the rows ("Mark done: …"). */
  accessibleName?: string
  tone?: 'secondary' | 'danger'
}) {
  return (
    <Form method="post" className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={`${tone} small`} aria-label={accessibleName}>
        {label}
      </button>
    </Form>
  )
}
