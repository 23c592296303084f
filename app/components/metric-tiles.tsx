import { Link } from '@remix-run/react'
import { formatChange } from '../../domain/analytics/funnel'
import type { Tile } from '../../services/analytics/tiles'
import { formatCount, formatMoney } from './metric-format'

/** §10.1's four tiles: the figure, its change against the previous period, and the records behind it on a click. */
export function MetricTiles({ tiles, previousLabel }: { tiles: Tile[]; previousLabel: string }) {
  return (
    <div className="metric-tiles">
      {tiles.map((tile) => {
        const direction = tile.value > tile.previous ? 'up' : tile.value < tile.previous ? 'down' : 'flat'
        const absolute = tile.key === 'activePartners' ? ` (${signed(tile.value - tile.previous)})` : ''
        return (
          <Link key={tile.key} to={tile.link} className="metric-tile" data-tile={tile.key}>
            <span className="metric-label">{tile.label}</span>
            <strong className="metric-value">
              {tile.format === 'money' ? formatMoney(tile.value) : formatCount(tile.value)}
            </strong>
            <span className={`metric-change ${direction}`}>
              {direction === 'up' ? '↑ ' : direction === 'down' ? '↓ ' : ''}
              {formatChange(tile.change)}
              {absolute} vs {previousLabel}
            </span>
          </Link>
        )
      })}
    </div>
  )
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : '±0'
}
