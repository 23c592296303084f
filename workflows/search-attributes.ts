import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common'

// Imported by workflow code: keep this module free of Node built-ins and clients.
// Only business classifications belong here; e-mail addresses and phone numbers must never become
// search attributes because Temporal stores them unencrypted.

export const CrmEntityType = defineSearchAttributeKey('CrmEntityType', SearchAttributeType.KEYWORD)
export const CrmStage = defineSearchAttributeKey('CrmStage', SearchAttributeType.KEYWORD)
export const CrmOwner = defineSearchAttributeKey('CrmOwner', SearchAttributeType.KEYWORD)
export const CrmTier = defineSearchAttributeKey('CrmTier', SearchAttributeType.KEYWORD)
export const CrmLeadSource = defineSearchAttributeKey('CrmLeadSource', SearchAttributeType.KEYWORD)
export const CrmScoreBand = defineSearchAttributeKey('CrmScoreBand', SearchAttributeType.KEYWORD)
/** A partnership's §5.1 phase (ONBOARDING … INDEPENDENT). */
export const CrmPhase = defineSearchAttributeKey('CrmPhase', SearchAttributeType.KEYWORD)
/** A partnership's §5.2 overall health 0–100 (absent before it has a score): `CrmHealth < 50` is §9.3's list. */
export const CrmHealth = defineSearchAttributeKey('CrmHealth', SearchAttributeType.INT)

/** Every custom search attribute the servers must know before a workflow sets one. */
export const crmSearchAttributes = [
  CrmEntityType,
  CrmStage,
  CrmOwner,
  CrmTier,
  CrmLeadSource,
  CrmScoreBand,
  CrmPhase,
  CrmHealth,
] as const
