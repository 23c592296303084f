import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker'
import { logger as projectLogger, type LogMethod } from '../lib/logger'

type MessageFirstLogger = Record<'debug' | 'info' | 'warn' | 'error', LogMethod>

/** One Temporal SDK log entry written as a line of the project's logger (its meta redacted by field). */
export function forwardTemporalLog(entry: Pick<LogEntry, 'level' | 'message' | 'meta'>, logger: MessageFirstLogger) {
  const write =
    entry.level === 'ERROR'
      ? logger.error
      : entry.level === 'WARN'
        ? logger.warn
        : entry.level === 'INFO'
          ? logger.info
          : logger.debug
  write(entry.message, entry.meta)
}

/**
 * Routes the Temporal SDK's own logs (activity failures quote driver errors, which can quote addresses)
 * through the project's redacting logger. Call once per process, before any worker or connection exists.
 */
export function installRedactingRuntimeLogger(level: LogLevel = 'INFO'): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => forwardTemporalLog(entry, projectLogger)),
    telemetryOptions: { logging: { filter: { core: level === 'ERROR' ? 'ERROR' : 'WARN', other: 'ERROR' } } },
  })
}
