import type { LoaderFunctionArgs } from '@remix-run/node'
import { hasPermission } from '~/domain/identity/roles'
import { formationTemplate } from '~/models/formation.server'
import { requireUser } from '~/utils/session.server'
import { downloadResponse } from '~/utils/formation-files.server'

/** The empty formation file: the header and one example row, as XLSX (with guidance) or CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  if (!hasPermission(user.grants, 'manage:formation:agency') && !hasPermission(user.grants, 'manage:selection:any')) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  const format = new URL(request.url).searchParams.get('format') ?? 'xlsx'
  if (format !== 'xlsx' && format !== 'csv') throw new Response('format must be xlsx or csv', { status: 400 })
  return downloadResponse(await formationTemplate(format))
}
