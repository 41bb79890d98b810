import type { LoaderFunctionArgs } from '@remix-run/node'
import { examCardFor } from '~/models/exam.server'
import { applicantExam } from '~/models/exam-planning.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'
import { renderExamCardPdf } from '~/utils/exam-card.server'
import { readStoredFile } from '~/utils/storage.server'

// The Kartu Peserta Ujian as a PDF: always the signed-in applicant's own seat (owner filter in the
// query), so there is no id in the URL to try.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedApplicant(request)
  const card = await examCardFor(user.id)
  if (!card) throw new Response('Not found', { status: 404 })
  const photo = card.photoHash ? await readStoredFile(card.photoHash) : null
  const accommodation = (await applicantExam(user.id))?.accommodation ?? null
  const pdf = await renderExamCardPdf({ ...card, accommodation, photo: photo && photo.mime !== 'application/pdf' ? photo.bytes : null })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="kartu-peserta-ujian-${card.participantNumber}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
