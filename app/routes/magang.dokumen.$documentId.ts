import type { LoaderFunctionArgs } from '@remix-run/node'
import { documentFor } from '~/models/internship.server'
import { documentResponse, requireStudent } from '~/utils/internship-route.server'

// A student's own uploaded document (to check what was sent before replacing it).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStudent(request)
  return documentResponse(await documentFor(params.documentId ?? '', { studentId: user.id }))
}
