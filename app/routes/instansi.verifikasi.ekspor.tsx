import type { LoaderFunctionArgs } from '@remix-run/node'
import { agenciesWith } from '~/domain/identity/roles'
import { exportVerification } from '~/models/verification.server'
import { downloadResponse } from '~/utils/formation-files.server'
import { requirePermission } from '~/utils/session.server'

/** The agency's verification list as XLSX or CSV; another agency's id is a 404. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'decide:objection:agency')
  const url = new URL(request.url)
  const format = url.searchParams.get('format') ?? 'xlsx'
  if (format !== 'xlsx' && format !== 'csv') throw new Response('format must be xlsx or csv', { status: 400 })
  const agencyId = url.searchParams.get('instansi') ?? ''
  const periodId = url.searchParams.get('periode') ?? ''
  if (!agenciesWith(user.grants, 'decide:objection:agency').includes(agencyId) || !periodId) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return downloadResponse(await exportVerification(periodId, agencyId, format))
}
