import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadReportsCsv } from '../dashboard.server'

// The Reports page's figures as CSV (the same tables the page prints), for Full analytics (§14.2).

export async function loader(args: LoaderFunctionArgs) {
  const { csv, fileName } = await loadReportsCsv(args)
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  })
}
