import type { LoaderFunctionArgs } from '@remix-run/node'
import { getAccountCard } from '~/models/registration.server'
import { renderAccountCardPdf } from '~/utils/account-card.server'
import { requirePermission } from '~/utils/session.server'

// The Kartu Informasi Akun as a PDF. There is no id in the URL: the card is always the signed-in
// applicant's own (owner filter in the query), so no one can fetch another applicant's card.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'submit:application:own')
  const card = await getAccountCard(user.id)
  const confirmedAt = card?.identity.confirmedAt
  if (!card || !confirmedAt) throw new Response('Not found', { status: 404 })
  const { identity } = card
  const pdf = await renderAccountCardPdf({
    identityId: identity.id,
    periodName: card.period.name,
    fullName: identity.fullName,
    nik: identity.nik,
    birthPlace: identity.birthPlace,
    birthDate: identity.birthDate,
    email: card.email,
    confirmedAt,
  })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.byteLength),
      'Content-Disposition': `attachment; filename="kartu-informasi-akun-${card.period.code}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
