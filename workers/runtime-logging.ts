import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker'
import { logger } from '../lib/logger'

/**
 * Routes the Temporal SDK's own logs (activity failures quote driver errors, which can quote addresses)
 * through the project's redacting logger. Call once per process, before any worker or connection exists.
 */
export function installRedactingRuntimeLogger(level: LogLevel = 'INFO'): void {
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      const write =
        entryLevel === 'ERROR'
          ? logger.error
          : entryLevel === 'WARN'
            ? logger.warn
            : entryLevel === 'INFO'
              ? logger.info
              : logger.debug
      write(message, meta)
    }),
    telemetryOptions: { logging: { filter: { core: level === 'ERROR' ? 'ERROR' : 'WARN', other: 'ERROR' } } },
  })
}
