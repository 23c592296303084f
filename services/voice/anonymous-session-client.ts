import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { anonymousVoiceSessionWorkflow } from '../../workflows/anonymous-voice-session'
import { anonymousVoiceSessionWorkflowId, visitorIdentifiedSignal } from '../../workflows/lead-messages'
import { CrmEntityType } from '../../workflows/search-attributes'

const workflowCallDeadlineMs = 10_000

/** Starts the 24-hour retargeting wait of a session that ended without an email (once per session). */
export async function startAnonymousVoiceSessionWorkflow(
  temporal: Client,
  { voiceSessionId, endedAt }: { voiceSessionId: string; endedAt: string },
  taskQueue: string,
): Promise<void> {
  await temporal.connection
    .withDeadline(Date.now() + workflowCallDeadlineMs, () =>
      temporal.workflow.start<typeof anonymousVoiceSessionWorkflow>('anonymousVoiceSessionWorkflow', {
        workflowId: anonymousVoiceSessionWorkflowId(voiceSessionId),
        taskQueue,
        args: [{ voiceSessionId, endedAt }],
        typedSearchAttributes: [{ key: CrmEntityType, value: 'anonymous-voice-session' }],
        staticSummary: 'Anonymous voice session: retargeting after 24 hours',
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      }),
    )
    .catch((error: unknown) => {
      // A redelivered "session ended" finds the closed run of the first one: nothing more to do.
      if (error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError') return
      throw error
    })
}

/** Tells a session's retargeting wait that its visitor is now a lead; a wait already over is left alone. */
export async function signalVisitorIdentified(temporal: Client, voiceSessionId: string, leadId: string): Promise<void> {
  try {
    await temporal.connection.withDeadline(Date.now() + workflowCallDeadlineMs, () =>
      temporal.workflow
        .getHandle(anonymousVoiceSessionWorkflowId(voiceSessionId))
        .signal(visitorIdentifiedSignal, { leadId }),
    )
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return
    throw error
  }
}
