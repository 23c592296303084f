// The API's words for the enums of companies, contacts, opportunities, partnerships, voice sessions and users:
// the database value in lower snake case (CLOSED_WON -> closed_won), as domain/leads/lead-vocabulary.ts does.
import {
  BusinessModel,
  ContactMethod,
  ContactRole,
  Device,
  EngagementLevel,
  PartnershipStatus,
  Phase,
  PipelineStage,
  Sentiment,
  Tier,
  UserRole,
  VoiceIntent,
  VoiceOutcome,
} from '../../prisma/generated/enums'

export interface Vocabulary<Db extends string> {
  /** API names in the order the schema declares them. */
  apiNames: [Lowercase<Db>, ...Lowercase<Db>[]]
  byApiName: Record<Lowercase<Db>, Db>
  apiNameOf: Record<Db, Lowercase<Db>>
}

export function vocabularyOf<Db extends string>(values: Record<string, Db>): Vocabulary<Db> {
  const dbValues = Object.values(values)
  const apiNames = dbValues.map((value) => value.toLowerCase() as Lowercase<Db>)
  return {
    apiNames: apiNames as Vocabulary<Db>['apiNames'],
    byApiName: Object.fromEntries(dbValues.map((value) => [value.toLowerCase(), value])) as Record<Lowercase<Db>, Db>,
    apiNameOf: Object.fromEntries(dbValues.map((value) => [value, value.toLowerCase()])) as Record<Db, Lowercase<Db>>,
  }
}

export const businessModels = vocabularyOf(BusinessModel)
export const contactRoles = vocabularyOf(ContactRole)
export const contactMethods = vocabularyOf(ContactMethod)
export const tiers = vocabularyOf(Tier)
export const pipelineStages = vocabularyOf(PipelineStage)
export const partnershipStatuses = vocabularyOf(PartnershipStatus)
export const phases = vocabularyOf(Phase)
export const engagementLevels = vocabularyOf(EngagementLevel)
export const devices = vocabularyOf(Device)
export const sentiments = vocabularyOf(Sentiment)
export const voiceIntents = vocabularyOf(VoiceIntent)
export const voiceOutcomes = vocabularyOf(VoiceOutcome)
export const userRoles = vocabularyOf(UserRole)
