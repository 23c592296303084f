import { newRecordRouteFor } from '../new-record-route'
import * as newRecord from './$records.new'

// "New opportunity" stays the generic new-record form. It needs its own static route now that the deal page
// (opportunities.$id.tsx) would otherwise take /opportunities/new for a deal called "new".

const route = newRecordRouteFor('opportunities')
export const loader = route.loader
export const action = route.action
export const meta = newRecord.meta
export const ErrorBoundary = newRecord.ErrorBoundary
export default newRecord.default
