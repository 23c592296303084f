// How people read an enum value, whether the database's (CLOSED_WON) or the API's (closed_won): "Closed won".
// One reading for every page, so a company's related deals, the partnerships list and the webhook log agree.

// Values whose plain reading is wrong: acronyms, brands, languages, hyphenated words.
const spelledOut: Record<string, string> = {
  hvac: 'HVAC',
  ecommerce: 'E-commerce',
  en: 'English',
  es: 'Spanish',
  ceo: 'CEO',
  coo: 'COO',
  it_manager: 'IT manager',
  roi_calculator: 'ROI calculator',
  linkedin_outreach: 'LinkedIn outreach',
  co_create: 'Co-create',
  calcom: 'Cal.com',
  true: 'Yes',
  false: 'No',
}

/** `CLOSED_WON` or `closed_won` → `Closed won`, `hvac` → `HVAC`, `co_create` → `Co-create`; `1-5` stays. */
export function enumWords(value: string): string {
  const name = value.toLowerCase()
  const known = spelledOut[name]
  if (known) return known
  const words = name.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
