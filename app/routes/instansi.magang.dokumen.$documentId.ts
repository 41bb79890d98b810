import type { LoaderFunctionArgs } from '@remix-run/node'
import { documentFor } from '~/models/internship.server'
import { documentResponse, requireAgencyInternship } from '~/utils/internship-route.server'

// A document of an applicant to the agency's own opening, visible after campus verification.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { agencyIds } = await requireAgencyInternship(request)
  return documentResponse(await documentFor(params.documentId ?? '', { agencyIds }))
}
