import type { z } from 'zod'
import type { Grant, RecordResource } from '../../domain/access/permission-matrix'
import type { Client } from '@temporalio/client'
import type { AppConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import type { Actor } from '../auth/actor'
import type { ReferenceCheck } from './references'

/** What a resource operation knows about its caller, whichever transport (JSON API, Remix) carries it. */
export interface ResourceContext {
  db: Database
  config: AppConfig
  /** For a change a running workflow must hear of (a partnership's meeting schedule). */
  temporal: Client
  actor: Actor
  grant: Exclude<Grant, 'none'>
  /** The caller's address and browser, for audit rows. */
  client: { ipAddress?: string; userAgent?: string }
  /** The request's method and path, for the metadata of audited refusals. */
  via?: { method: string; path: string }
}

/** The part of a Prisma model delegate the generic router uses (create/update stay typed in each definition). */
export interface ModelDelegate {
  findMany(args: object): Promise<unknown[]>
  findFirst(args: object): Promise<unknown>
  count(args: object): Promise<number>
  delete(args: object): Promise<unknown>
}

export type FilterShape = Record<string, z.ZodType<string | undefined>>

/** One record resource of the §14.2 matrix as the JSON API serves it. */
export interface ResourceDefinition<Row, Create, Update> {
  resource: RecordResource
  /** URL segment under /api. */
  path: string
  /** The record's name in messages ("a company field"). */
  noun: string
  model(db: Database): ModelDelegate
  select: Record<string, unknown>
  represent(row: Row, config: AppConfig): Record<string, unknown>
  /** List query parameters besides limit, cursor and format; all optional strings. */
  filters: FilterShape
  where(filters: Record<string, string | undefined>): Record<string, unknown>
  /** False when another router serves GET /<path>/:id (leads: api/routes/leads.ts). */
  servesGet?: boolean
  /** Absent when another router creates the record (leads: capture with dedupe and a workflow). */
  createSchema?: z.ZodType<Create>
  create?(context: ResourceContext, input: Create): Promise<Row>
  updateSchema: z.ZodType<Update>
  update(context: ResourceContext, id: string, input: Update): Promise<Row>
  /** Fields a PATCH may not name, with the reason (they change through the record's workflow). */
  workflowFields?: Record<string, string>
  /** The API field naming the record's owner, for the "own" cells of the matrix. */
  ownerField?: string
  /** API fields holding ids of other records, checked to exist. */
  references?: Record<string, ReferenceCheck>
  /** Relations whose rows refer to this record and so block its deletion; `one` for optional one-to-one. */
  blockingRelations: { name: string; kind: 'many' | 'one' }[]
  beforeDelete?(context: ResourceContext, id: string): Promise<void>
}

// The router treats every definition alike; each definition is type-checked against its own row type.
export type AnyResourceDefinition = ResourceDefinition<unknown, unknown, unknown>

export function defineResource<Row, Create, Update>(
  definition: ResourceDefinition<Row, Create, Update>,
): AnyResourceDefinition {
  return definition as unknown as AnyResourceDefinition
}
