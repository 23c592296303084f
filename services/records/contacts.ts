import { z } from 'zod'
import { apiNameOfLanguage, languageByApiName } from '../../domain/leads/lead-vocabulary'
import { contactMethods, contactRoles } from '../../domain/records/record-vocabulary'
import type { Prisma } from '../../lib/db'
import { defineResource } from './definition'
import { apiEnum, iso, mapped, namesOf, optionalText, recordId, text, timezone } from './fields'
import { tellPartnershipsOfClientClock } from '../partnerships/client-time-zone'
import { referenceTo } from './references'
import { emailAddress } from '../../domain/email/address'

const select = {
  id: true,
  companyId: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  title: true,
  role: true,
  decisionMaker: true,
  preferredContactMethod: true,
  preferredLanguage: true,
  timezone: true,
  engagementScore: true,
  lastEngagement: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ContactSelect

type ContactRow = Prisma.ContactGetPayload<{ select: typeof select }>

export const contactCreateSchema = z
  .object({
    companyId: recordId,
    firstName: text(100),
    lastName: text(100),
    email: emailAddress,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{7,20}$/, 'must be a phone number, e.g. +1 555 010 1234')
      .nullable()
      .optional(),
    title: optionalText(200),
    role: apiEnum(contactRoles.apiNames).nullable().optional(),
    decisionMaker: z.boolean().optional(),
    preferredContactMethod: apiEnum(contactMethods.apiNames).optional(),
    preferredLanguage: apiEnum(namesOf(languageByApiName)).optional(),
    timezone: timezone.nullable().optional(),
  })
  .strict()
export const contactUpdateSchema = contactCreateSchema.partial()

type ContactInput = z.infer<typeof contactUpdateSchema>

function contactData(input: ContactInput) {
  return {
    companyId: input.companyId,
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone: input.phone,
    title: input.title,
    role: mapped(input.role, contactRoles.byApiName),
    decisionMaker: input.decisionMaker,
    preferredContactMethod: mapped(input.preferredContactMethod, contactMethods.byApiName) ?? undefined,
    preferredLanguage: mapped(input.preferredLanguage, languageByApiName) ?? undefined,
    timezone: input.timezone,
  }
}

export const contacts = defineResource({
  resource: 'contacts',
  path: 'contacts',
  noun: 'contact',
  model: (db) => db.contact,
  select,
  represent: (contact: ContactRow) => ({
    id: contact.id,
    companyId: contact.companyId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    title: contact.title,
    role: contact.role ? contactRoles.apiNameOf[contact.role] : null,
    decisionMaker: contact.decisionMaker,
    preferredContactMethod: contactMethods.apiNameOf[contact.preferredContactMethod],
    preferredLanguage: apiNameOfLanguage[contact.preferredLanguage],
    timezone: contact.timezone,
    engagementScore: contact.engagementScore,
    lastEngagement: iso(contact.lastEngagement),
    createdAt: iso(contact.createdAt),
    updatedAt: iso(contact.updatedAt),
  }),
  filters: {
    companyId: recordId.optional(),
    role: apiEnum(contactRoles.apiNames).optional(),
    decisionMaker: z.enum(['true', 'false']).optional(),
  },
  where: (filters) => ({
    companyId: filters.companyId,
    role: mapped(filters.role as keyof typeof contactRoles.byApiName | undefined, contactRoles.byApiName),
    decisionMaker: filters.decisionMaker === undefined ? undefined : filters.decisionMaker === 'true',
  }),
  createSchema: contactCreateSchema,
  create: ({ db }, input: z.infer<typeof contactCreateSchema>) =>
    db.contact.create({
      data: {
        ...contactData(input),
        companyId: input.companyId,
        firstName: input.firstName,
        lastName: input.lastName,
        email: input.email,
      },
      select,
    }),
  updateSchema: contactUpdateSchema,
  // A new zone reaches the weekly meetings of the partnerships this contact is the client of (decision 0051).
  update: ({ db, temporal }, id, input: ContactInput) =>
    db.$transaction(async (transaction) => {
      const row = await transaction.contact.update({ where: { id }, data: contactData(input), select })
      if (input.timezone !== undefined) await tellPartnershipsOfClientClock(transaction, temporal, { contactId: id })
      return row
    }),
  references: { companyId: referenceTo.company },
  blockingRelations: [
    { name: 'communicationPreference', kind: 'one' },
    { name: 'voiceSessions', kind: 'many' },
    { name: 'roiCalculations', kind: 'many' },
    { name: 'calendarBookings', kind: 'many' },
    { name: 'opportunities', kind: 'many' },
    { name: 'activities', kind: 'many' },
    { name: 'outboxMessages', kind: 'many' },
    { name: 'convertedLeads', kind: 'many' },
  ],
})
