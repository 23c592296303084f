// How people read an enum value, whether the database's (CLOSED_WON) or the API's (closed_won): "Closed won" at the
// start of a label, "closed won" inside a sentence. One reading for every page, report, email and search result, so a
// company's related deals, the partnerships list and the webhook log agree.

// Values whose plain reading is wrong, as they read inside a sentence: acronyms, brands, languages, hyphenated words.
const spelledOut: Record<string, string> = {
  hvac: 'HVAC',
  ecommerce: 'e-commerce',
  en: 'English',
  es: 'Spanish',
  ceo: 'CEO',
  coo: 'COO',
  it_manager: 'IT manager',
  roi: 'ROI',
  roi_calculator: 'ROI calculator',
  linkedin_outreach: 'LinkedIn outreach',
  co_create: 'co-create',
  calcom: 'Cal.com',
  true: 'yes',
  false: 'no',
}

/** `CLOSED_WON` or `closed_won` → `Closed won`, `hvac` → `HVAC`, `co_create` → `Co-create`; `1-5` stays. */
export function enumWords(value: string): string {
  const words = enumWordsInline(value)
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** Inside a sentence: `VOICE_AGENT` → `voice agent`, `ROI_CALCULATOR` → `ROI calculator`. */
export function enumWordsInline(value: string): string {
  const name = value.toLowerCase()
  return spelledOut[name] ?? name.replaceAll('_', ' ')
}
