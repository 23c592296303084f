import { Router, type Request, type Response } from 'express'
import { parseRoiCalculationPost, roiChangeFromPost } from '../../domain/integrations/roi-calculator'
import { parseVoiceSessionPost, voiceSessionChangeFromPost } from '../../domain/integrations/voice-agent'
import { requireGrant } from '../auth/authorize'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { refuse } from '../problem-response'
import type { IngestionDependencies } from '../../services/ingestion/ingestion-dependencies'
import { representRoiCalculation, representVoiceSession } from '../../services/ingestion/ingestion-representation'
import { ingestRoiCalculation } from '../../services/ingestion/roi-calculations'
import { ingestVoiceSession } from '../../services/ingestion/voice-sessions'

/**
 * The landing page's integrations posting with an API key (seed 002 §11.3): a complete voice session and an ROI
 * calculation. Both need the `leads:create` scope (they capture leads). Mount after authentication and the JSON
 * body parser.
 */
export function crmIntegrationRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const ingestion: IngestionDependencies = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }
  const router = Router()
  const mayCapture = requireGrant(dependencies, 'leads', 'create')

  router.post(
    '/crm/voice-sessions',
    mayCapture,
    handle(async (request, response) => {
      const parsed = parseVoiceSessionPost(request.body)
      if (!parsed.ok) {
        refuse(response, 'invalid-input', 'The voice session is not valid', { fields: parsed.errors })
        return
      }
      // The records are kept when the workflow cannot be told (503): the client's retry of the same post finishes it.
      const change = voiceSessionChangeFromPost(parsed.value, new Date(), parsed.kept)
      const ingested = await ingestVoiceSession(ingestion, change, `crm-voice-session:${change.externalSessionId}`)
      response.status(ingested.created ? 201 : 200).json(representVoiceSession(ingested, dependencies.config))
    }),
  )

  router.post(
    '/crm/roi-calculations',
    mayCapture,
    handle(async (request: Request, response: Response) => {
      const parsed = parseRoiCalculationPost(request.body)
      if (!parsed.ok) {
        refuse(response, 'invalid-input', 'The ROI calculation is not valid', { fields: parsed.errors })
        return
      }
      const change = roiChangeFromPost(parsed.value, new Date(), parsed.kept)
      const ingested = await ingestRoiCalculation(ingestion, change)
      response.status(ingested.created ? 201 : 200).json(representRoiCalculation(ingested))
    }),
  )

  return router
}
