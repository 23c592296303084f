import { newRecordRouteFor } from '../new-record-route'
import * as newRecord from './$records.new'

// "New partnership" stays the generic new-record form, under its own static route now that the partnership page
// (partnerships.$id.tsx) would otherwise take /partnerships/new.

const route = newRecordRouteFor('partnerships')
export const loader = route.loader
export const action = route.action
export const meta = newRecord.meta
export const ErrorBoundary = newRecord.ErrorBoundary
export default newRecord.default
