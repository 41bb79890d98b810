import type { LoaderFunctionArgs } from '@remix-run/node'
import { isLetterKind, letterContent } from '~/domain/internship/letters'
import { letterDataFor } from '~/models/internship.server'
import { renderInternshipLetterPdf } from '~/utils/internship-letter.server'
import { notFound, requireStudent } from '~/utils/internship-route.server'

// The SR or SPTJM template of one opening, filled with the signed-in student's own data, to print,
// sign and upload with the application (issue 9; domain.md §8).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStudent(request)
  const kind = params.jenis ?? ''
  if (!isLetterKind(kind)) notFound()
  const data = await letterDataFor(user.id, params.openingId ?? '')
  if (!data) notFound()
  const letter = letterContent(kind, data)
  const pdf = await renderInternshipLetterPdf(letter, { opening: `${data.openingTitle} — ${data.agency}` })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${letter.fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
