import type { LoaderFunctionArgs } from '@remix-run/node'
import { certificateData } from '~/models/internship-placement.server'
import { notFound } from '~/utils/internship-route.server'
import { renderInternshipCertificatePdf } from '~/utils/internship-certificate.server'
import { requireUser } from '~/utils/session.server'

// The internship certificate PDF: for the student it belongs to, and for the PIC of the
// student's university. Anyone else gets a 404, as for a certificate that does not exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const cert = await certificateData(params.placementId ?? '')
  if (!cert) notFound()
  const picOf = user.grants.some((g) => g.role === 'UNIVERSITY_PIC' && g.universityId === cert.universityId)
  if (cert.studentId !== user.id && !picOf) notFound()
  const pdf = await renderInternshipCertificatePdf(cert)
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="sertifikat-magang-${cert.studentNumber || cert.id}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
