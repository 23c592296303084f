import {
  employeeCountByApiName,
  industryByApiName,
  languageByApiName,
  leadSourceByApiName,
} from '../domain/leads/lead-vocabulary'
import type { RecordResource } from '../domain/access/permission-matrix'
import { enumWords } from '../domain/records/enum-words'
import {
  businessModels,
  contactMethods,
  contactRoles,
  devices,
  engagementLevels,
  partnershipStatuses,
  pipelineStages,
  sentiments,
  tiers,
  voiceOutcomes,
} from '../domain/records/record-vocabulary'

// What the record pages show and edit, per resource, in the API's field names: the generic routes
// ($records._index, $records.new, $records.$id) render these and send what the form holds through the resource
// service (services/records/service.ts), so validation and the §14.2 rules are the API's own.

/** Which records a reference field picks from. */
export type ReferenceKind = 'company' | 'contact' | 'opportunity' | 'lead' | 'user'

export type FieldKind =
  | { type: 'text' | 'email' | 'url' | 'tel' | 'time' }
  | { type: 'textarea' }
  | { type: 'number'; step?: string }
  | { type: 'date' }
  | { type: 'checkbox' }
  | { type: 'list' }
  | { type: 'select'; options: string[] }
  | { type: 'reference'; to: ReferenceKind }

export type FormField = FieldKind & {
  name: string
  label: string
  /** Needed to create the record (the create schema requires it). */
  required?: boolean
  /** An empty input clears the value (sends null) when editing. */
  clearable?: boolean
  /** Set when the record is created; afterwards it changes through the record's workflow (a deal's owner). */
  createOnly?: boolean
  hint?: string
}

export interface Column {
  field: string
  label: string
  /** How to show the API value. */
  format?: 'enum' | 'date' | 'money' | 'reference' | 'seconds'
  /** For references: which records the id names. */
  to?: ReferenceKind
}

export interface RecordPage {
  /** URL segment: /companies, /companies/new, /companies/:id. */
  segment: string
  resource: RecordResource
  title: string
  singular: string
  /** The record as its page heading names it. */
  nameOf(record: Record<string, unknown>): string
  columns: Column[]
  filters: FormField[]
  fields: FormField[]
  /** False when records are created elsewhere (the page says where). */
  creatable: boolean
}

const select = (options: readonly string[]) => ({ type: 'select' as const, options: [...options] })
const keys = (mapping: Record<string, string>) => Object.keys(mapping)

/** Where each kind of referenced record has its page; people have none. */
const referencePageSegments: Record<ReferenceKind, string | null> = {
  company: 'companies',
  contact: 'contacts',
  opportunity: 'opportunities',
  lead: 'leads',
  user: null,
}

/** The page of the record a reference names, or null when it has none. */
export function referenceHref(to: ReferenceKind, id: string): string | null {
  const segment = referencePageSegments[to]
  return segment === null || id === '' ? null : `/${segment}/${encodeURIComponent(id)}`
}

/** A form value shown read-only. */
export function displayValue(field: FormField, value: string, labels: Record<string, string>): string {
  if (value === '') return field.type === 'checkbox' ? 'No' : '—'
  if (field.type === 'select') return enumWords(value)
  if (field.type === 'reference') return labels[value] ?? value
  if (field.type === 'checkbox') return 'Yes'
  return value
}

export const recordPages: Record<string, RecordPage> = {
  companies: {
    segment: 'companies',
    resource: 'companies',
    title: 'Companies',
    singular: 'company',
    nameOf: (record) => String(record.name),
    columns: [
      { field: 'name', label: 'Name' },
      { field: 'industry', label: 'Industry', format: 'enum' },
      { field: 'employeeCount', label: 'Employees' },
      { field: 'city', label: 'City' },
      { field: 'source', label: 'Source', format: 'enum' },
      { field: 'createdAt', label: 'Created', format: 'date' },
    ],
    filters: [
      { name: 'name', label: 'Name contains', type: 'text' },
      { name: 'industry', label: 'Industry', ...select(keys(industryByApiName)) },
      { name: 'source', label: 'Source', ...select(keys(leadSourceByApiName)) },
    ],
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'website', label: 'Website', type: 'url', clearable: true, hint: 'https://…' },
      { name: 'industry', label: 'Industry', ...select(keys(industryByApiName)), required: true },
      { name: 'employeeCount', label: 'Employees', ...select(keys(employeeCountByApiName)), required: true },
      { name: 'businessModel', label: 'Business model', ...select(businessModels.apiNames), required: true },
      { name: 'source', label: 'Source', ...select(keys(leadSourceByApiName)), required: true },
      { name: 'annualRevenue', label: 'Annual revenue (USD)', type: 'number', step: '0.01', clearable: true },
      { name: 'aiMaturityScore', label: 'AI maturity (1–10)', type: 'number' },
      { name: 'city', label: 'City', type: 'text', clearable: true },
      { name: 'state', label: 'State', type: 'text', clearable: true },
      { name: 'country', label: 'Country', type: 'text', hint: 'US' },
      { name: 'timezone', label: 'Time zone', type: 'text', hint: 'America/Chicago' },
      { name: 'preferredLanguage', label: 'Language', ...select(keys(languageByApiName)) },
      { name: 'tags', label: 'Tags', type: 'list', hint: 'comma separated' },
    ],
    creatable: true,
  },
  contacts: {
    segment: 'contacts',
    resource: 'contacts',
    title: 'Contacts',
    singular: 'contact',
    nameOf: (record) => `${String(record.firstName)} ${String(record.lastName)}`,
    columns: [
      { field: 'firstName', label: 'First name' },
      { field: 'lastName', label: 'Last name' },
      { field: 'email', label: 'Email' },
      { field: 'companyId', label: 'Company', format: 'reference', to: 'company' },
      { field: 'role', label: 'Role', format: 'enum' },
      { field: 'createdAt', label: 'Created', format: 'date' },
    ],
    filters: [
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company' },
      { name: 'role', label: 'Role', ...select(contactRoles.apiNames) },
      { name: 'decisionMaker', label: 'Decision maker', ...select(['true', 'false']) },
    ],
    fields: [
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company', required: true },
      { name: 'firstName', label: 'First name', type: 'text', required: true },
      { name: 'lastName', label: 'Last name', type: 'text', required: true },
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'phone', label: 'Phone', type: 'tel', clearable: true },
      { name: 'title', label: 'Title', type: 'text', clearable: true },
      { name: 'role', label: 'Role', ...select(contactRoles.apiNames), clearable: true },
      { name: 'preferredContactMethod', label: 'Preferred contact', ...select(contactMethods.apiNames) },
      { name: 'preferredLanguage', label: 'Language', ...select(keys(languageByApiName)) },
      { name: 'timezone', label: 'Time zone', type: 'text', clearable: true, hint: 'America/Chicago' },
      { name: 'decisionMaker', label: 'Decision maker', type: 'checkbox' },
    ],
    creatable: true,
  },
  opportunities: {
    segment: 'opportunities',
    resource: 'opportunities',
    title: 'Opportunities',
    singular: 'opportunity',
    nameOf: (record) => String(record.name),
    columns: [
      { field: 'name', label: 'Name' },
      { field: 'companyId', label: 'Company', format: 'reference', to: 'company' },
      { field: 'tier', label: 'Tier', format: 'enum' },
      { field: 'stage', label: 'Stage', format: 'enum' },
      { field: 'totalContractValue', label: 'Contract value', format: 'money' },
      { field: 'owner', label: 'Owner', format: 'reference', to: 'user' },
      { field: 'createdAt', label: 'Created', format: 'date' },
    ],
    filters: [
      { name: 'stage', label: 'Stage', ...select(pipelineStages.apiNames) },
      { name: 'tier', label: 'Tier', ...select(tiers.apiNames) },
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company' },
      { name: 'owner', label: 'Owner', type: 'reference', to: 'user' },
    ],
    fields: [
      { name: 'name', label: 'Name', type: 'text', required: true },
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company', required: true },
      { name: 'primaryContactId', label: 'Primary contact', type: 'reference', to: 'contact', required: true },
      { name: 'tier', label: 'Tier', ...select(tiers.apiNames), required: true },
      { name: 'setupFee', label: 'Setup fee (USD)', type: 'number', step: '0.01', required: true },
      { name: 'monthlyFee', label: 'Monthly fee (USD)', type: 'number', step: '0.01' },
      { name: 'estimatedMonths', label: 'Months', type: 'number' },
      { name: 'expectedCloseDate', label: 'Expected close', type: 'date', clearable: true },
      { name: 'owner', label: 'Owner', type: 'reference', to: 'user', clearable: true, createOnly: true },
      { name: 'competitorInfo', label: 'Competitors', type: 'textarea', clearable: true },
    ],
    creatable: true,
  },
  partnerships: {
    segment: 'partnerships',
    resource: 'partnerships',
    title: 'Partnerships',
    singular: 'partnership',
    nameOf: (record) => `${enumWords(String(record.tier))} partnership`,
    columns: [
      { field: 'companyId', label: 'Company', format: 'reference', to: 'company' },
      { field: 'tier', label: 'Tier', format: 'enum' },
      { field: 'status', label: 'Status', format: 'enum' },
      { field: 'currentPhase', label: 'Phase', format: 'enum' },
      { field: 'startDate', label: 'Start', format: 'date' },
      { field: 'targetEndDate', label: 'Target end', format: 'date' },
    ],
    filters: [
      { name: 'status', label: 'Status', ...select(partnershipStatuses.apiNames) },
      { name: 'tier', label: 'Tier', ...select(tiers.apiNames) },
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company' },
      { name: 'atRisk', label: 'At risk', ...select(['true', 'false']) },
    ],
    fields: [
      { name: 'opportunityId', label: 'Opportunity', type: 'reference', to: 'opportunity', required: true },
      { name: 'companyId', label: 'Company', type: 'reference', to: 'company', required: true },
      { name: 'tier', label: 'Tier', ...select(tiers.apiNames), required: true },
      { name: 'startDate', label: 'Start', type: 'date', required: true, createOnly: true },
      { name: 'targetEndDate', label: 'Target end', type: 'date', required: true, createOnly: true },
      { name: 'engagementLevel', label: 'Engagement', ...select(engagementLevels.apiNames) },
      { name: 'monthlyFee', label: 'Monthly fee (USD)', type: 'number', step: '0.01' },
      { name: 'weeklyMeetingTime', label: 'Weekly meeting (client’s time)', type: 'time', clearable: true },
      { name: 'owner', label: 'Owner', type: 'reference', to: 'user', clearable: true },
    ],
    creatable: true,
  },
  'voice-sessions': {
    segment: 'voice-sessions',
    resource: 'voiceSessions',
    title: 'Voice sessions',
    singular: 'voice session',
    nameOf: (record) => `Voice session ${String(record.externalSessionId)}`,
    columns: [
      { field: 'externalSessionId', label: 'Session' },
      { field: 'leadId', label: 'Lead', format: 'reference', to: 'lead' },
      { field: 'language', label: 'Language', format: 'enum' },
      { field: 'outcome', label: 'Outcome', format: 'enum' },
      { field: 'duration', label: 'Duration', format: 'seconds' },
      { field: 'startTime', label: 'Started', format: 'date' },
    ],
    filters: [
      { name: 'language', label: 'Language', ...select(keys(languageByApiName)) },
      { name: 'outcome', label: 'Outcome', ...select(voiceOutcomes.apiNames) },
    ],
    fields: [
      { name: 'externalSessionId', label: 'External session id', type: 'text', required: true },
      { name: 'startTime', label: 'Started on', type: 'date', required: true },
      { name: 'leadId', label: 'Lead', type: 'reference', to: 'lead', clearable: true },
      { name: 'contactId', label: 'Contact', type: 'reference', to: 'contact', clearable: true },
      { name: 'duration', label: 'Duration (seconds)', type: 'number' },
      { name: 'language', label: 'Language', ...select(keys(languageByApiName)) },
      { name: 'device', label: 'Device', ...select(devices.apiNames), clearable: true },
      { name: 'sentiment', label: 'Sentiment', ...select(sentiments.apiNames), clearable: true },
      { name: 'outcome', label: 'Outcome', ...select(voiceOutcomes.apiNames), clearable: true },
      { name: 'topics', label: 'Topics', type: 'list', hint: 'comma separated' },
    ],
    creatable: true,
  },
}

/** The lead's editable fields (leads have their own pages; they are created by capture, POST /api/leads). */
export const leadFields: FormField[] = [
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'firstName', label: 'First name', type: 'text', clearable: true },
  { name: 'lastName', label: 'Last name', type: 'text', clearable: true },
  { name: 'phone', label: 'Phone', type: 'tel', clearable: true },
  { name: 'companyName', label: 'Company', type: 'text', clearable: true },
  { name: 'source', label: 'Source', ...select(keys(leadSourceByApiName)) },
  { name: 'industry', label: 'Industry', ...select(keys(industryByApiName)), clearable: true },
  { name: 'employeeCount', label: 'Employees', ...select(keys(employeeCountByApiName)), clearable: true },
  { name: 'preferredLanguage', label: 'Language', ...select(keys(languageByApiName)) },
  { name: 'timezone', label: 'Time zone', type: 'text', clearable: true, hint: 'America/Chicago' },
]
