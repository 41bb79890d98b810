import type { LoaderFunctionArgs } from '@remix-run/node'
import { documentFor } from '~/models/internship.server'
import { documentResponse, requireCampus } from '~/utils/internship-route.server'

// A student's uploaded document, for the PIC of the student's university only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { universityIds } = await requireCampus(request)
  return documentResponse(await documentFor(params.documentId ?? '', { universityIds }))
}
