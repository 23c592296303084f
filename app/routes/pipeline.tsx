import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core'
import { formatElapsed } from '../../domain/formatting/durations'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useFetchers, useLoaderData, useSubmit } from '@remix-run/react'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { CalendarDays, ChartColumn, Mail, Mic } from 'lucide-react'
import { industryLabels } from '../../domain/leads/lead-vocabulary'
import { stageIndex, stagePolicies, type PipelineStage } from '../../domain/deals/pipeline-policy'
import type { PipelineCard, PipelineColumn } from '../../services/deals/pipeline-board'
import { useLiveRevalidation } from '../components/lead-live'
import { ViewerTime } from '../components/lead-time'
import pipelineStylesheet from '../components/pipeline.css?url'
import { ExportButtons } from '../components/export-buttons'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { loadPipelineBoard, pipelineBoardAction, type MoveAnswer } from '../pipeline.server'
import { countOf } from '../../domain/formatting/plural'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pipelineStylesheet }]

export function loader(args: LoaderFunctionArgs) {
  return loadPipelineBoard(args)
}

export function action(args: ActionFunctionArgs) {
  return pipelineBoardAction(args)
}

export const meta: MetaFunction = () => [{ title: 'Pipeline · Durable CRM' }]

/** Moves made by others (and the workflow's own projections) show up within this long. */
const liveIntervalMs = 5_000

const tierShort = { DISCOVERY: 'Discovery', FOUNDATION: 'Foundation', ARCHITECT: 'Architect' } as const
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const meetingDay = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
})
// Drawn, not emoji (seed 002's card): a machine without an emoji font shows emoji as empty boxes.
const cardIcon = { size: 14, strokeWidth: 2, 'aria-hidden': true } as const

/** The drop zone that closes a deal as lost: lost deals leave the board, so it holds no cards. */
const lostZone = 'CLOSED_LOST'

const moveKey = (dealId: string) => `move-${dealId}`

/** A move that needs words before it goes: a lost deal's reason (§4.2), or why a deal goes back. */
interface PendingMove {
  card: PipelineCard
  toStage: PipelineStage
}

export default function PipelinePage() {
  const { board, owners, filters, canMove } = useLoaderData<typeof loader>()
  // Only a move posted without JavaScript lands here; the board's own moves answer on their card.
  const posted = useActionData<MoveAnswer>()
  useLiveRevalidation(liveIntervalMs)
  const submit = useSubmit()
  const fetchers = useFetchers()
  const [pending, setPending] = useState<PendingMove | null>(null)
  // Why the workflow refused a card's last move, kept here: a card re-mounts when it changes column, and a
  // fetcher's answer does not outlive the card instance that was showing it.
  const [refusals, setRefusals] = useState<Record<string, MoveAnswer>>({})
  const refused = (answer: MoveAnswer) =>
    setRefusals((current) => (current[answer.dealId] === answer ? current : { ...current, [answer.dealId]: answer }))
  const filterForm = useRef<HTMLFormElement>(null)

  // A move on its way shows its card in the new column at once; when the workflow refuses it, the loader's
  // answer (which never moved it) puts that card alone back.
  const inFlight = new Map<string, PipelineStage>()
  for (const fetcher of fetchers) {
    if (!fetcher.key.startsWith('move-') || fetcher.state === 'idle' || !fetcher.formData) continue
    inFlight.set(String(fetcher.formData.get('dealId')), fetcher.formData.get('toStage') as PipelineStage)
  }
  const cards = board.columns.flatMap((column) => column.cards)
  const placed = (column: PipelineColumn) => [
    ...column.cards.filter((card) => (inFlight.get(card.id) ?? card.stage) === column.stage),
    ...cards.filter((card) => card.stage !== column.stage && inFlight.get(card.id) === column.stage),
  ]

  const send = (card: PipelineCard, toStage: PipelineStage, words: Record<string, string> = {}) => {
    setRefusals(({ [card.id]: _dropped, ...others }) => others)
    submit(
      { intent: 'move', dealId: card.id, toStage, ...words },
      { method: 'post', navigate: false, fetcherKey: moveKey(card.id) },
    )
  }

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const card = cards.find((candidate) => candidate.id === active.id)
    const toStage = over?.id as PipelineStage | undefined
    if (!card || !toStage || toStage === (inFlight.get(card.id) ?? card.stage)) return
    if (toStage === lostZone || stageIndex(toStage) < stageIndex(card.stage)) setPending({ card, toStage })
    else send(card, toStage)
  }

  const columnLabel = (id: unknown) =>
    id === lostZone ? 'Closed Lost' : (board.columns.find((column) => column.stage === id)?.label ?? String(id))
  const companyOf = (id: unknown) => cards.find((card) => card.id === id)?.companyName ?? 'the deal'
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${companyOf(active.id)}. Arrow left and right choose a stage.`,
    onDragOver: ({ active, over }) =>
      over ? `${companyOf(active.id)} is over ${columnLabel(over.id)}.` : `${companyOf(active.id)} is over no stage.`,
    onDragEnd: ({ active, over }) =>
      over ? `${companyOf(active.id)} dropped on ${columnLabel(over.id)}.` : `${companyOf(active.id)} put back.`,
    onDragCancel: ({ active }) => `Move of ${companyOf(active.id)} cancelled.`,
  }

  const sensors = useSensors(
    // A click on the card's link stays a click: a drag starts after the pointer travels a few pixels.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: stageByStage }),
  )

  const openValue = board.columns
    .filter((column) => column.stage !== 'CLOSED_WON')
    .reduce((sum, column) => sum + column.total, 0)

  return (
    <div className="pipeline-page">
      <div className="pipeline-head">
        <h1>Pipeline</h1>
        <Link to="/opportunities/new" className="button primary">
          + New opportunity
        </Link>
        <Form method="get" ref={filterForm} className="pipeline-filters" aria-label="Filter the board">
          <label>
            Industry
            <select name="industry" defaultValue={filters.industry ?? ''} onChange={() => submit(filterForm.current)}>
              <option value="">All industries</option>
              {Object.entries(industryLabels).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Tier
            <select name="tier" defaultValue={filters.tier ?? ''} onChange={() => submit(filterForm.current)}>
              <option value="">All tiers</option>
              {Object.entries(tierShort).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {owners ? (
            <label>
              Owner
              <select name="owner" defaultValue={filters.ownerId ?? ''} onChange={() => submit(filterForm.current)}>
                <option value="">Everyone</option>
                <option value="unassigned">Unassigned</option>
                {owners.map((owner) => (
                  <option key={owner.id} value={owner.id}>
                    {owner.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <noscript>
            <button type="submit">Filter</button>
          </noscript>
        </Form>
        <p className="pipeline-open-value">
          Open pipeline <strong>{money.format(openValue)}</strong>
        </p>
        <ExportButtons list="pipeline" label="Export deals" />
      </div>

      {posted && !posted.ok ? (
        <Notice ok={null} error={`Not moved to ${stagePolicies[posted.toStage].label}: ${posted.error}`} />
      ) : null}
      <DndContext
        id="pipeline-board"
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To move this deal, press space or enter. Arrow left and right choose a stage; space or enter drops it there, escape cancels.',
          },
        }}
      >
        <div className="pipeline-board">
          {board.columns.map((column) => (
            <StageColumn
              key={column.stage}
              column={column}
              cards={placed(column)}
              canMove={canMove}
              refusals={refusals}
              onRefused={refused}
            />
          ))}
          {canMove ? <LostZone /> : null}
        </div>
      </DndContext>

      {pending ? (
        <MoveDialog
          pending={pending}
          onCancel={() => setPending(null)}
          onConfirm={(words) => {
            send(pending.card, pending.toStage, words)
            setPending(null)
          }}
        />
      ) : null}
    </div>
  )
}

/**
 * Arrow left and right carry a picked-up card to the neighbouring column's middle (the stages are wide, and the
 * default 25 pixels a press would need a dozen presses per stage); up and down do nothing.
 */
const stageByStage: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return undefined
  event.preventDefault()
  const dragged = context.collisionRect
  if (!dragged) return undefined
  const columns = [...context.droppableRects.values()].sort((a, b) => a.left - b.left)
  const centre = dragged.left + dragged.width / 2
  const here = columns.findIndex((rect) => centre >= rect.left && centre <= rect.left + rect.width)
  // Until the columns are measured (just after the pick-up) there is nowhere to go yet.
  if (here === -1) return undefined
  const target = columns[event.code === 'ArrowRight' ? here + 1 : here - 1]
  if (!target) return undefined
  return { x: currentCoordinates.x + (target.left + target.width / 2 - centre), y: currentCoordinates.y }
}

interface RefusalProps {
  refusals: Record<string, MoveAnswer>
  onRefused: (answer: MoveAnswer) => void
}

function StageColumn({
  column,
  cards,
  canMove,
  refusals,
  onRefused,
}: { column: PipelineColumn; cards: PipelineCard[]; canMove: boolean } & RefusalProps) {
  const { setNodeRef, isOver } = useDroppable({ id: column.stage })
  const headingId = `stage-${column.stage.toLowerCase()}`
  const hidden = column.count - column.cards.length
  return (
    <section
      ref={setNodeRef}
      className={`pipeline-column${isOver ? ' drop-target' : ''}${column.stage === 'CLOSED_WON' ? ' won' : ''}`}
      aria-labelledby={headingId}
      data-stage={column.stage}
    >
      <header className="pipeline-column-head">
        <h2 id={headingId}>
          {column.label} <span className="pipeline-count">{column.count}</span>
        </h2>
        <p className="pipeline-sums">
          <span title="Total contract value">{money.format(column.total)}</span>
          <span title={`Weighted at ${column.probability} %`}>
            {money.format(column.weighted)} weighted ({column.probability} %)
          </span>
        </p>
      </header>
      <ol className="pipeline-cards">
        {cards.map((card) => (
          <DealCard
            key={card.id}
            card={card}
            canMove={canMove && card.stage !== 'CLOSED_WON'}
            refusal={refusals[card.id] ?? null}
            onRefused={onRefused}
          />
        ))}
      </ol>
      {hidden > 0 ? (
        <p className="pipeline-more">
          <Link to={`/opportunities?stage=${column.stage.toLowerCase()}`}>+{hidden} more in the list</Link>
        </p>
      ) : null}
      {column.count === 0 ? <p className="pipeline-empty">No deal</p> : null}
    </section>
  )
}

function LostZone() {
  const { setNodeRef, isOver } = useDroppable({ id: lostZone })
  return (
    <section
      ref={setNodeRef}
      className={`pipeline-column lost-zone${isOver ? ' drop-target' : ''}`}
      data-stage={lostZone}
    >
      <header className="pipeline-column-head">
        <h2>Closed Lost</h2>
        <p className="pipeline-sums">Drop a deal here to close it as lost; you will be asked why.</p>
      </header>
    </section>
  )
}

function DealCard({
  card,
  canMove,
  refusal,
  onRefused,
}: {
  card: PipelineCard
  canMove: boolean
  refusal: MoveAnswer | null
  onRefused: (answer: MoveAnswer) => void
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: card.id,
    disabled: !canMove,
  })
  const move = useFetcher<MoveAnswer>({ key: moveKey(card.id) })
  const answer = move.state === 'idle' ? move.data : undefined
  useEffect(() => {
    if (answer && !answer.ok) onRefused(answer)
  }, [answer, onRefused])
  const refused = move.state === 'idle' ? refusal : null
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined
  const limitDays = stagePolicies[card.stage].maxDaysInStage
  const classes = [
    'deal-card',
    card.pastLimit ? 'past-limit' : '',
    card.stalled ? 'stalled' : '',
    isDragging ? 'dragging' : '',
    move.state !== 'idle' ? 'moving' : '',
  ]
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={classes.filter(Boolean).join(' ')}
      data-deal-id={card.id}
      aria-label={`${card.companyName}, ${money.format(card.value)}, ${tierShort[card.tier]}`}
      {...listeners}
      {...attributes}
    >
      <div className="deal-card-head">
        <Link
          to={`/opportunities/${card.id}`}
          className="deal-company"
          onPointerDown={(event) => event.stopPropagation()}
        >
          {card.companyName}
        </Link>
        <span className="deal-value">{money.format(card.value)}</span>
      </div>
      <div className="deal-meta">
        <span className={`tier tier-${card.tier.toLowerCase()}`}>{tierShort[card.tier]}</span>
        <span className="deal-owner">{card.ownerName ?? 'Unassigned'}</span>
        <span className="deal-age" title={`In ${stagePolicies[card.stage].label} since ${card.stageEnteredAt}`}>
          {formatElapsed(card.timeInStageMs, { short: true })} in stage
        </span>
      </div>
      {card.pastLimit || card.stalled ? (
        <div className="deal-flags">
          {card.pastLimit ? <span className="flag flag-limit">Over its {limitDays}-day limit</span> : null}
          {card.stalled ? <span className="flag flag-stalled">Stalled: no activity for 14+ days</span> : null}
        </div>
      ) : null}
      {card.nextStep ? (
        <p className="deal-next">
          Next: {card.nextStep}
          {card.nextStepAt ? (
            <>
              {' '}
              ·{' '}
              {card.nextStepOverdue ? (
                <span className="deal-overdue">
                  overdue since <ViewerTime iso={card.nextStepAt} />
                </span>
              ) : (
                <>
                  due <ViewerTime iso={card.nextStepAt} />
                </>
              )}
            </>
          ) : null}
        </p>
      ) : null}
      <ul className="deal-icons">
        {card.voiceSessions > 0 ? (
          <li title="Voice sessions" aria-label={countOf(card.voiceSessions, 'voice session')}>
            <Mic {...cardIcon} /> {card.voiceSessions}
          </li>
        ) : null}
        {card.hasRoiCalculation ? (
          <li title="ROI calculation" aria-label="ROI calculation done">
            <ChartColumn {...cardIcon} /> Yes
          </li>
        ) : null}
        {card.emails > 0 ? (
          <li title="Emails" aria-label={countOf(card.emails, 'email')}>
            <Mail {...cardIcon} /> {card.emails}
          </li>
        ) : null}
        {card.nextMeeting ? (
          <li
            title={`Next meeting: ${card.nextMeeting.subject}`}
            aria-label={`Next meeting ${card.nextMeeting.subject}`}
          >
            <CalendarDays {...cardIcon} /> {meetingDay.format(new Date(card.nextMeeting.at))}
          </li>
        ) : null}
      </ul>
      {refused ? (
        <p className="deal-refused" role="alert">
          Not moved to {stagePolicies[refused.toStage].label}: {refused.error}
        </p>
      ) : null}
    </li>
  )
}

function MoveDialog({
  pending,
  onCancel,
  onConfirm,
}: {
  pending: PendingMove
  onCancel: () => void
  onConfirm: (words: Record<string, string>) => void
}) {
  const lost = pending.toStage === lostZone
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const words: Record<string, string> = {}
    for (const [name, value] of form.entries())
      if (typeof value === 'string' && value.trim()) words[name] = value.trim()
    onConfirm(words)
  }
  return (
    <div className="pipeline-dialog-backdrop">
      <div className="pipeline-dialog" role="dialog" aria-modal="true" aria-labelledby="move-dialog-title">
        <h2 id="move-dialog-title">
          {lost
            ? `Close ${pending.card.companyName} as lost`
            : `Move ${pending.card.companyName} back to ${stagePolicies[pending.toStage].label}`}
        </h2>
        <form onSubmit={onSubmit} onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
          {lost ? (
            <>
              <label>
                Why was it lost?
                <input name="lostReason" required autoFocus />
              </label>
              <label>
                Competitor (if they chose one)
                <input name="competitor" />
              </label>
            </>
          ) : (
            <label>
              Why does it go back?
              <input name="reason" required autoFocus />
            </label>
          )}
          <div className="pipeline-dialog-actions">
            <button type="submit" className="primary">
              {lost ? 'Close as lost' : 'Move back'}
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
