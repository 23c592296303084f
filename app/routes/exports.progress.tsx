import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadExportProgress } from '../exports.server'

// A resource route polled by the export buttons: { state, total, written } of one of the caller's downloads.
export function loader(args: LoaderFunctionArgs) {
  return loadExportProgress(args)
}
