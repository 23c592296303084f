import type { LoaderFunctionArgs } from '@remix-run/node'
import { loadExport } from '../exports.server'

// A resource route: the file itself (CSV or XLSX), streamed.
export async function loader(args: LoaderFunctionArgs) {
  return loadExport(args)
}
