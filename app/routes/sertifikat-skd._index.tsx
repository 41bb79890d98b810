import { json, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { certificateFor } from '~/models/exam.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { certificateAvailable } from '~/domain/exam/sessions'
import { renderSkdCertificatePdf } from '~/utils/exam-certificate.server'
import { clientIp } from '~/utils/request.server'

// The SKD certificate download (domain.md §3: from H+1, with NIK + participant number). A POST so
// the NIK never sits in a URL or a log; the answer is the PDF itself.
const Schema = z.object({ nik: z.string().trim().regex(/^\d{16}$/), number: z.string().trim().min(5).max(60) })

export async function action({ request, context }: ActionFunctionArgs) {
  const limit = await hitRateLimit(`skd-cert:${clientIp(request, context) ?? 'unknown'}`, 30, 60)
  if (!limit.allowed) return json({ error: 'notFound' as const }, { status: 429 })
  const parsed = Schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ error: 'notFound' as const }, { status: 400 })
  const cert = await certificateFor(parsed.data.nik, parsed.data.number)
  if (!cert || getBlueprint(cert.blueprintCode).testKind !== 'SKD') return json({ error: 'notFound' as const }, { status: 404 })
  if (cert.state !== 'SCORED' || !cert.scores) return json({ error: 'notScored' as const }, { status: 409 })
  if (!certificateAvailable(cert.startsAt, new Date())) return json({ error: 'notYet' as const }, { status: 409 })
  const pdf = await renderSkdCertificatePdf({ ...cert, scores: cert.scores })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="sertifikat-skd-${cert.participantNumber}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

export default function SkdCertificatePage() {
  const { t } = useTranslation()
  const data = useActionData<typeof action>()
  return (
    <div className="narrow">
      <PageHeader title={t('exam.certificate.title')} lead={t('exam.certificate.lead')} />
      {data?.error ? <Alert tone="error">{t(`exam.certificate.${data.error}`)}</Alert> : null}
      <Form method="post" reloadDocument>
        <Field label={t('exam.certificate.nik')} name="nik" inputMode="numeric" required maxLength={16} autoComplete="off" />
        <Field label={t('exam.certificate.number')} name="number" required autoComplete="off" />
        <Button type="submit">{t('exam.certificate.download')}</Button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Sertifikat SKD — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
