import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { anonymousVoiceSessionWorkflow } from '../../workflows/anonymous-voice-session'
import { anonymousVoiceSessionWorkflowId } from '../../workflows/entity-ids'
import { visitorIdentifiedSignal } from '../../workflows/lead-messages'
import { CrmEntityType } from '../../workflows/search-attributes'
import { signalRunningWorkflow, startEntityWorkflow, type EntityWorkflow } from '../workflows/entity-workflow-client'

/** The 24-hour retargeting wait of a session that ended without an email: one run per session, never again. */
function anonymousVoiceSessionWorkflowOf(session: {
  voiceSessionId: string
  endedAt: string
}): EntityWorkflow<typeof anonymousVoiceSessionWorkflow> {
  return {
    workflowType: 'anonymousVoiceSessionWorkflow',
    workflowId: anonymousVoiceSessionWorkflowId(session.voiceSessionId),
    args: [session],
    searchAttributes: [{ key: CrmEntityType, value: 'anonymous-voice-session' }],
    summary: 'Anonymous voice session: retargeting after 24 hours',
    rerunAfterClose: 'reject',
  }
}

/** Starts the 24-hour retargeting wait of a session that ended without an email (once per session). */
export async function startAnonymousVoiceSessionWorkflow(
  temporal: Client,
  session: { voiceSessionId: string; endedAt: string },
  taskQueue: string,
): Promise<void> {
  await startEntityWorkflow(temporal, anonymousVoiceSessionWorkflowOf(session), taskQueue).catch((error: unknown) => {
    // A redelivered "session ended" finds the closed run of the first one: nothing more to do.
    if (error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError') return
    throw error
  })
}

/** Tells a session's retargeting wait that its visitor is now a lead; a wait already over is left alone. */
export async function signalVisitorIdentified(temporal: Client, voiceSessionId: string, leadId: string): Promise<void> {
  try {
    await signalRunningWorkflow(temporal, anonymousVoiceSessionWorkflowId(voiceSessionId), visitorIdentifiedSignal, {
      leadId,
    })
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return
    throw error
  }
}
