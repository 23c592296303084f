import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
} from '@temporalio/client'
import { NativeConnection } from '@temporalio/worker'
import type { AppConfig } from './config'

type TemporalConfig = Pick<AppConfig, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS'>

function connectionOptions(config: TemporalConfig) {
  // Temporal Cloud authenticates with an API key over TLS; a self-hosted cluster may use either.
  const tls = config.TEMPORAL_TLS ?? Boolean(config.TEMPORAL_API_KEY)
  return {
    address: config.TEMPORAL_ADDRESS,
    tls: tls ? {} : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  }
}

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number]

/**
 * The SDK's gRPC retries (10 attempts, up to 5 s apart), but none that would start after the call's deadline: the
 * SDK's own interceptor keeps a timer for its next attempt after the caller stopped waiting, which then runs on a
 * closed connection or holds a process that should exit.
 */
export function retryWithinDeadline(): GrpcInterceptor {
  const defaults = defaultGrpcRetryOptions()
  return (options, nextCall) => {
    const deadline = options.deadline instanceof Date ? options.deadline.getTime() : (options.deadline ?? Infinity)
    let delayMs = 0
    return makeGrpcRetryInterceptor({
      retryableDecider(attempt, status) {
        delayMs = defaults.delayFunction(attempt, status)
        return defaults.retryableDecider(attempt, status) && Date.now() + delayMs < deadline
      },
      delayFunction: () => delayMs,
    })(options, nextCall)
  }
}

/**
 * The client the web process holds for its lifetime. It connects lazily, so the web process starts (and
 * its health endpoint can say so) while Temporal is still down.
 */
export function createTemporalClient(config: TemporalConfig): Client {
  const connection = Connection.lazy({
    ...connectionOptions(config),
    connectTimeout: '5 seconds',
    interceptors: [retryWithinDeadline()],
  })
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE })
}

/** The connection a worker polls through. */
export function createWorkerConnection(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config))
}
