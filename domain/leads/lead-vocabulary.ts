// The words of seed 002 as the API speaks them (lower snake case), mapped to the database enums.
import type { EmployeeCount, Industry, Language, LeadSource, LeadStatus } from '../../prisma/generated/enums'

export const leadSourceByApiName = {
  voice_agent: 'VOICE_AGENT',
  roi_calculator: 'ROI_CALCULATOR',
  calendar_booking: 'CALENDAR_BOOKING',
  organic_search: 'ORGANIC_SEARCH',
  paid_ads: 'PAID_ADS',
  referral: 'REFERRAL',
  linkedin_outreach: 'LINKEDIN_OUTREACH',
  industry_event: 'INDUSTRY_EVENT',
  website: 'WEBSITE',
} as const satisfies Record<string, LeadSource>

export const industryByApiName = {
  hvac: 'HVAC',
  plumbing: 'PLUMBING',
  property_management: 'PROPERTY_MANAGEMENT',
  construction: 'CONSTRUCTION',
  retail: 'RETAIL',
  ecommerce: 'ECOMMERCE',
  professional_services: 'PROFESSIONAL_SERVICES',
  real_estate: 'REAL_ESTATE',
  other: 'OTHER',
} as const satisfies Record<string, Industry>

export const employeeCountByApiName = {
  '1-5': 'RANGE_1_5',
  '5-10': 'RANGE_5_10',
  '10-25': 'RANGE_10_25',
  '25-50': 'RANGE_25_50',
  '50+': 'RANGE_50_PLUS',
} as const satisfies Record<string, EmployeeCount>

export const languageByApiName = { en: 'EN', es: 'ES' } as const satisfies Record<string, Language>

export const leadStatusByApiName = {
  new: 'NEW',
  contacted: 'CONTACTED',
  qualified: 'QUALIFIED',
  unqualified: 'UNQUALIFIED',
  converted: 'CONVERTED',
} as const satisfies Record<string, LeadStatus>

export type LeadSourceApiName = keyof typeof leadSourceByApiName
export type IndustryApiName = keyof typeof industryByApiName

function invert<T extends Record<string, string>>(mapping: T): Record<T[keyof T], keyof T> {
  return Object.fromEntries(Object.entries(mapping).map(([api, db]) => [db, api])) as Record<T[keyof T], keyof T>
}

export const apiNameOfLeadSource = invert(leadSourceByApiName)
export const apiNameOfIndustry = invert(industryByApiName)
export const apiNameOfEmployeeCount = invert(employeeCountByApiName)
export const apiNameOfLanguage = invert(languageByApiName)
export const apiNameOfLeadStatus = invert(leadStatusByApiName)

export const leadSourceLabels: Record<LeadSource, string> = {
  VOICE_AGENT: 'Voice Agent (Website)',
  ROI_CALCULATOR: 'ROI Calculator',
  CALENDAR_BOOKING: 'Calendar Booking (Direct)',
  ORGANIC_SEARCH: 'Organic Search',
  PAID_ADS: 'Paid Ads',
  REFERRAL: 'Referral',
  LINKEDIN_OUTREACH: 'LinkedIn Outreach',
  INDUSTRY_EVENT: 'Industry Event',
  WEBSITE: 'Website Form',
}

export const industryLabels: Record<Industry, string> = {
  HVAC: 'HVAC',
  PLUMBING: 'Plumbing',
  PROPERTY_MANAGEMENT: 'Property Management',
  CONSTRUCTION: 'Construction',
  RETAIL: 'Retail',
  ECOMMERCE: 'E-commerce',
  PROFESSIONAL_SERVICES: 'Professional Services',
  REAL_ESTATE: 'Real Estate',
  OTHER: 'Other',
}
