import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import * as newRecord from './$records.new'

// "New opportunity" stays the generic new-record form. It needs its own static route now that the deal page
// (opportunities.$id.tsx) would otherwise take /opportunities/new for a deal called "new".

const asOpportunities = <Args extends { params: Record<string, string | undefined> }>(args: Args): Args => ({
  ...args,
  params: { ...args.params, records: 'opportunities' },
})

export const loader = (args: LoaderFunctionArgs) => newRecord.loader(asOpportunities(args))
export const action = (args: ActionFunctionArgs) => newRecord.action(asOpportunities(args))
export const meta = newRecord.meta
export const ErrorBoundary = newRecord.ErrorBoundary
export default newRecord.default
