import type { LoaderFunctionArgs } from '@remix-run/node'
import { agenciesWith, hasPermission } from '~/domain/identity/roles'
import { getDocumentForStaff } from '~/models/verification.server'
import { requireUser } from '~/utils/session.server'

// An applicant's document for staff of the application's agency: its verifiers, and its admins
// who sit on the panel (disagreements, sanggah). The agency is joined in the query: a document of
// another agency is a 404, like an id that does not exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  if (!hasPermission(user.grants, 'verify:application:agency') && !hasPermission(user.grants, 'decide:objection:agency')) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  const agencyIds = [...new Set([...agenciesWith(user.grants, 'verify:application:agency'), ...agenciesWith(user.grants, 'decide:objection:agency')])]
  const found = await getDocumentForStaff(params.documentId ?? '', agencyIds)
  if (!found) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const { document, bytes } = found
  const extension = document.mime === 'application/pdf' ? 'pdf' : 'jpg'
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': document.mime,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `inline; filename="${document.code.toLowerCase()}.${extension}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
