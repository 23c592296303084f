import { Client, Connection } from '@temporalio/client'
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

/**
 * The client the web process holds for its lifetime. It connects lazily, so the web process starts (and
 * its health endpoint can say so) while Temporal is still down.
 */
export function createTemporalClient(config: TemporalConfig): Client {
  const connection = Connection.lazy({ ...connectionOptions(config), connectTimeout: '5 seconds' })
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE })
}

/** The connection a worker polls through. */
export function createWorkerConnection(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config))
}
