import { z } from 'zod'
import {
  apiNameOfEmployeeCount,
  apiNameOfIndustry,
  apiNameOfLanguage,
  apiNameOfLeadSource,
  employeeCountByApiName,
  industryByApiName,
  languageByApiName,
  leadSourceByApiName,
} from '../../domain/leads/lead-vocabulary'
import { businessModels } from '../../domain/records/record-vocabulary'
import type { Prisma } from '../../lib/db'
import { defineResource } from './definition'
import { tellPartnershipsOfClientClock } from '../partnerships/client-time-zone'
import { apiEnum, decimal, iso, mapped, money, namesOf, optionalText, text, textList, timezone } from './fields'

const select = {
  id: true,
  name: true,
  website: true,
  industry: true,
  employeeCount: true,
  annualRevenue: true,
  businessModel: true,
  aiMaturityScore: true,
  currentAITools: true,
  aiPainPoints: true,
  street: true,
  city: true,
  state: true,
  zipCode: true,
  country: true,
  timezone: true,
  preferredLanguage: true,
  source: true,
  tags: true,
  firstTouchDate: true,
  lastActivityDate: true,
  totalInteractions: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CompanySelect

type CompanyRow = Prisma.CompanyGetPayload<{ select: typeof select }>

export const companyCreateSchema = z
  .object({
    name: text(200),
    website: z.url({ message: 'must be a URL' }).max(2000).nullable().optional(),
    industry: apiEnum(namesOf(industryByApiName)),
    employeeCount: apiEnum(namesOf(employeeCountByApiName)),
    annualRevenue: money.nullable().optional(),
    businessModel: apiEnum(businessModels.apiNames),
    aiMaturityScore: z.number().int().min(1).max(10).optional(),
    currentAITools: textList.optional(),
    aiPainPoints: textList.optional(),
    street: optionalText(200),
    city: optionalText(100),
    state: optionalText(100),
    zipCode: optionalText(20),
    country: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code, e.g. US')
      .optional(),
    timezone: timezone.optional(),
    preferredLanguage: apiEnum(namesOf(languageByApiName)).optional(),
    source: apiEnum(namesOf(leadSourceByApiName)),
    tags: textList.optional(),
  })
  .strict()
export const companyUpdateSchema = companyCreateSchema.partial()

type CompanyInput = z.infer<typeof companyUpdateSchema>

function companyData(input: CompanyInput) {
  return {
    name: input.name,
    website: input.website,
    industry: mapped(input.industry, industryByApiName) ?? undefined,
    employeeCount: mapped(input.employeeCount, employeeCountByApiName) ?? undefined,
    annualRevenue: input.annualRevenue,
    businessModel: mapped(input.businessModel, businessModels.byApiName) ?? undefined,
    aiMaturityScore: input.aiMaturityScore,
    currentAITools: input.currentAITools,
    aiPainPoints: input.aiPainPoints,
    street: input.street,
    city: input.city,
    state: input.state,
    zipCode: input.zipCode,
    country: input.country,
    timezone: input.timezone,
    preferredLanguage: mapped(input.preferredLanguage, languageByApiName) ?? undefined,
    source: mapped(input.source, leadSourceByApiName) ?? undefined,
    tags: input.tags,
  }
}

export const companies = defineResource({
  resource: 'companies',
  path: 'companies',
  noun: 'company',
  model: (db) => db.company,
  select,
  represent: (company: CompanyRow) => ({
    id: company.id,
    name: company.name,
    website: company.website,
    industry: apiNameOfIndustry[company.industry],
    employeeCount: apiNameOfEmployeeCount[company.employeeCount],
    annualRevenue: decimal(company.annualRevenue),
    businessModel: businessModels.apiNameOf[company.businessModel],
    aiMaturityScore: company.aiMaturityScore,
    currentAITools: company.currentAITools,
    aiPainPoints: company.aiPainPoints,
    street: company.street,
    city: company.city,
    state: company.state,
    zipCode: company.zipCode,
    country: company.country,
    timezone: company.timezone,
    preferredLanguage: apiNameOfLanguage[company.preferredLanguage],
    source: apiNameOfLeadSource[company.source],
    tags: company.tags,
    firstTouchDate: iso(company.firstTouchDate),
    lastActivityDate: iso(company.lastActivityDate),
    totalInteractions: company.totalInteractions,
    createdAt: iso(company.createdAt),
    updatedAt: iso(company.updatedAt),
  }),
  filters: {
    industry: apiEnum(namesOf(industryByApiName)).optional(),
    source: apiEnum(namesOf(leadSourceByApiName)).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  },
  where: (filters) => ({
    industry: mapped(filters.industry as keyof typeof industryByApiName | undefined, industryByApiName),
    source: mapped(filters.source as keyof typeof leadSourceByApiName | undefined, leadSourceByApiName),
    ...(filters.name ? { name: { contains: filters.name, mode: 'insensitive' } } : {}),
  }),
  createSchema: companyCreateSchema,
  create: ({ db }, input: z.infer<typeof companyCreateSchema>) =>
    db.company.create({ data: { ...companyData(input), ...requiredOf(input) }, select }),
  updateSchema: companyUpdateSchema,
  // A new zone reaches the weekly meetings of the partnerships whose client works here (decision 0051).
  update: ({ db, temporal }, id, input: CompanyInput) =>
    db.$transaction(async (transaction) => {
      const row = await transaction.company.update({ where: { id }, data: companyData(input), select })
      if (input.timezone !== undefined) await tellPartnershipsOfClientClock(transaction, temporal, { companyId: id })
      return row
    }),
  blockingRelations: [
    { name: 'contacts', kind: 'many' },
    { name: 'opportunities', kind: 'many' },
    { name: 'partnerships', kind: 'many' },
    { name: 'activities', kind: 'many' },
    { name: 'convertedLeads', kind: 'many' },
  ],
})

function requiredOf(input: z.infer<typeof companyCreateSchema>) {
  return {
    name: input.name,
    industry: industryByApiName[input.industry],
    employeeCount: employeeCountByApiName[input.employeeCount],
    businessModel: businessModels.byApiName[input.businessModel],
    source: leadSourceByApiName[input.source],
  }
}
