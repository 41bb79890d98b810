import type { LoaderFunctionArgs } from '@remix-run/node'
import { getRegistrationCard } from '~/models/application.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'
import { renderRegistrationCardPdf } from '~/utils/registration-card.server'

// The Kartu Pendaftaran as a PDF: always the signed-in applicant's own finalised application
// (owner filter in the query), so there is no id in the URL to try.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const card = await getRegistrationCard(user.id)
  if (!card) throw new Response('Not found', { status: 404 })
  const pdf = await renderRegistrationCardPdf(card)
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.byteLength),
      'Content-Disposition': `attachment; filename="kartu-pendaftaran-${card.registrationNumber}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
