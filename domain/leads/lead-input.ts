import { z } from 'zod'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import { ianaTimezone } from '../validation/timezone'
import {
  employeeCountByApiName,
  industryByApiName,
  languageByApiName,
  leadSourceByApiName,
} from './lead-vocabulary'

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional()
const apiNames = <T extends Record<string, string>>(mapping: T) =>
  z.enum(Object.keys(mapping) as [keyof T & string, ...(keyof T & string)[]])

/** A lead as a form, the landing page or a script submits it (seed 002 §3.2). */
export const leadSubmissionSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ message: 'must be a valid email address' })),
    source: apiNames(leadSourceByApiName),
    firstName: optionalText(100),
    lastName: optionalText(100),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{7,20}$/, 'must be a phone number, e.g. +1 555 010 1234')
      .optional(),
    companyName: optionalText(200),
    sourceDetail: optionalText(200),
    utmSource: optionalText(200),
    utmMedium: optionalText(200),
    utmCampaign: optionalText(200),
    utmTerm: optionalText(200),
    utmContent: optionalText(200),
    landingPage: z.url({ message: 'must be a URL' }).max(2000).optional(),
    referrer: z.url({ message: 'must be a URL' }).max(2000).optional(),
    industry: apiNames(industryByApiName).optional(),
    employeeCount: apiNames(employeeCountByApiName).optional(),
    aiMaturityIndicators: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    preferredLanguage: apiNames(languageByApiName).optional(),
    timezone: ianaTimezone.optional(),
  })
  .strict()

export type LeadSubmission = z.infer<typeof leadSubmissionSchema>

export type { FieldError }

export type LeadSubmissionResult =
  | { ok: true; submission: LeadSubmission }
  | { ok: false; errors: FieldError[] }

export function parseLeadSubmission(body: unknown): LeadSubmissionResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const parsed = leadSubmissionSchema.safeParse(body)
  if (parsed.success) return { ok: true, submission: parsed.data }
  return { ok: false, errors: toFieldErrors(parsed.error, body, 'lead') }
}


/** The submission as database columns. */
export function leadDataFromSubmission(submission: LeadSubmission) {
  return {
    email: submission.email,
    source: leadSourceByApiName[submission.source],
    firstName: submission.firstName,
    lastName: submission.lastName,
    phone: submission.phone,
    companyName: submission.companyName,
    sourceDetail: submission.sourceDetail,
    utmSource: submission.utmSource,
    utmMedium: submission.utmMedium,
    utmCampaign: submission.utmCampaign,
    utmTerm: submission.utmTerm,
    utmContent: submission.utmContent,
    landingPage: submission.landingPage,
    referrer: submission.referrer,
    industry: submission.industry ? industryByApiName[submission.industry] : undefined,
    employeeCount: submission.employeeCount ? employeeCountByApiName[submission.employeeCount] : undefined,
    aiMaturityIndicators: submission.aiMaturityIndicators,
    preferredLanguage: submission.preferredLanguage ? languageByApiName[submission.preferredLanguage] : undefined,
    timezone: submission.timezone,
  }
}
