import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { certificateFor } from '~/models/exam.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { certificateAvailable } from '~/domain/exam/sessions'
import { renderSkdCertificatePdf } from '~/utils/exam-certificate.server'
import { clientIp } from '~/utils/request.server'

// The SKD certificate download (domain.md §3: from H+1, with NIK + participant number). A resource
// route, so the PDF reaches the browser as a download; a POST, so the NIK never sits in a URL. A
// refusal goes back to the form with its reason.
const Schema = z.object({ nik: z.string().trim().regex(/^\d{16}$/), number: z.string().trim().min(5).max(60) })
const back = (reason: 'notFound' | 'notYet' | 'notScored') => redirect(`/sertifikat-skd?galat=${reason}`)

export async function action({ request, context }: ActionFunctionArgs) {
  const limit = await hitRateLimit(`skd-cert:${clientIp(request, context) ?? 'unknown'}`, 30, 60)
  if (!limit.allowed) return back('notFound')
  const parsed = Schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return back('notFound')
  const cert = await certificateFor(parsed.data.nik, parsed.data.number)
  if (!cert || getBlueprint(cert.blueprintCode).testKind !== 'SKD') return back('notFound')
  if (cert.state !== 'SCORED' || !cert.scores) return back('notScored')
  if (!certificateAvailable(cert.startsAt, new Date())) return back('notYet')
  const pdf = await renderSkdCertificatePdf({ ...cert, scores: cert.scores })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="sertifikat-skd-${cert.participantNumber}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
