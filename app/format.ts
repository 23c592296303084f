const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—'
  return `${dateTime.format(new Date(value))} UTC`
}

export function fullName(person: { firstName: string | null; lastName: string | null }): string | null {
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ')
  return name || null
}
