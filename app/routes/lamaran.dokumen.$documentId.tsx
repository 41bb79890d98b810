import type { LoaderFunctionArgs } from '@remix-run/node'
import { getOwnDocument } from '~/models/application.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'

// An applicant's own uploaded document. The owner filter is in the query: another applicant's
// document id is a 404, exactly like an id that does not exist. Staff access comes with the
// verification issue, through its own permission-checked route.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const found = await getOwnDocument(params.documentId ?? '', user.id)
  if (!found) throw new Response('Not found', { status: 404 })
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
