import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import * as newRecord from './routes/$records.new'

/**
 * The generic new-record form under its own static route, for a resource whose detail page (`<segment>.$id.tsx`)
 * would otherwise take `/<segment>/new` for a record called "new".
 */
export function newRecordRouteFor(segment: string) {
  const withSegment = <Args extends { params: Record<string, string | undefined> }>(args: Args): Args => ({
    ...args,
    params: { ...args.params, records: segment },
  })
  return {
    loader: (args: LoaderFunctionArgs) => newRecord.loader(withSegment(args)),
    action: (args: ActionFunctionArgs) => newRecord.action(withSegment(args)),
  }
}
