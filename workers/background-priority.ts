import os from 'node:os'
import { logger } from '../lib/logger'

/**
 * Lowers the worker's scheduling priority below the web process's (decision 0054). Called before the worker starts
 * a thread of its own: Linux keeps niceness per thread, and a new thread inherits its creator's.
 */
export function runBelowTheWebProcess(niceness: number): void {
  if (niceness === 0) return
  try {
    os.setPriority(niceness)
  } catch (error) {
    logger.warn('The worker runs at normal priority: its niceness could not be set', { niceness, error: String(error) })
  }
}
