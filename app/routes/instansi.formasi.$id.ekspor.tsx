import type { LoaderFunctionArgs } from '@remix-run/node'
import { agenciesWith, hasPermission } from '~/domain/identity/roles'
import { exportFormation } from '~/models/formation.server'
import { downloadResponse } from '~/utils/formation-files.server'
import { requireUser } from '~/utils/session.server'

/**
 * A formation version as XLSX or CSV, in the import format. An agency admin gets only their own
 * agencies' versions (another id is a 404); a national admin may export any.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const national = hasPermission(user.grants, 'manage:selection:any')
  if (!national && !hasPermission(user.grants, 'manage:formation:agency')) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  const format = new URL(request.url).searchParams.get('format') ?? 'xlsx'
  if (format !== 'xlsx' && format !== 'csv') throw new Response('format must be xlsx or csv', { status: 400 })
  const scope = national ? 'all' : agenciesWith(user.grants, 'manage:formation:agency')
  const file = await exportFormation(params.id ?? '', scope, format)
  if (!file) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return downloadResponse(file)
}
