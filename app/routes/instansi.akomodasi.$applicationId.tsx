import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { findAccommodationCandidates, saveAccommodation } from '~/models/exam-planning.server'
import { requireAccommodationScope } from '~/utils/accommodation.server'
import { actorFrom } from '~/utils/request.server'

// One candidate's accommodation (issue 6): extra minutes with the reason and the evidence, audited;
// it applies to every exam the person sits (by NIK) and to their attempts not yet started.
// Another agency's applicant by URL is a 404 (the scope is in the query).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAccommodationScope(request)
  const [candidate] = await findAccommodationCandidates(scope, { applicationId: params.applicationId ?? '' })
  if (!candidate) throw new Response('Not found', { status: 404 })
  return json({ candidate: { ...candidate, nik: `${candidate.nik.slice(0, 6)}••••••${candidate.nik.slice(-4)}` } })
}

const Schema = z.object({
  extraMinutes: z.coerce
    .number({ error: 'examPlanning.accommodation.errors.minutes' })
    .int('examPlanning.accommodation.errors.minutes')
    .min(0, 'examPlanning.accommodation.errors.minutes')
    .max(120, 'examPlanning.accommodation.errors.minutes'),
  reason: z.string().trim().min(5, 'examPlanning.accommodation.errors.reason').max(300, 'examPlanning.accommodation.errors.reason'),
  evidence: z.string().trim().min(5, 'examPlanning.accommodation.errors.evidence').max(300, 'examPlanning.accommodation.errors.evidence'),
})

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requireAccommodationScope(request)
  const parsed = Schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    return json({ ok: false as const, fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 })
  }
  const result = await saveAccommodation(scope, params.applicationId ?? '', parsed.data, actorFrom(request, context, user))
  if (!result.ok) throw new Response('Not found', { status: 404 })
  return json({ ok: true as const, attemptsUpdated: result.attemptsUpdated, fields: {} })
}

export default function AccommodationPage() {
  const { t } = useTranslation()
  const { candidate } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const error = (name: string) => {
    const key = data && !data.ok ? (data.fields as Record<string, string>)[name] : undefined
    return key ? t(key) : undefined
  }
  return (
    <>
      <PageHeader title={t('examPlanning.accommodation.candidateTitle', { name: candidate.fullName })} lead={`${candidate.registrationNumber} · ${candidate.agencyName} · ${candidate.periodName} · NIK ${candidate.nik}`}>
        <p>
          <Link to="/instansi/akomodasi">{t('examPlanning.accommodation.back')}</Link>
        </p>
      </PageHeader>
      {data?.ok ? <Alert tone="success">{t('examPlanning.accommodation.saved', { count: data.attemptsUpdated })}</Alert> : null}
      {candidate.extraMinutes !== null ? (
        <Alert tone="info">{t('examPlanning.accommodation.current', { count: candidate.extraMinutes, reason: candidate.reason, evidence: candidate.evidence ?? '—' })}</Alert>
      ) : null}
      <Form method="post" className="card">
        <p className="hint">{t('examPlanning.accommodation.formHint')}</p>
        <Field label={t('examPlanning.accommodation.extraLabel')} name="extraMinutes" type="number" inputMode="numeric" required defaultValue={candidate.extraMinutes === null ? '30' : String(candidate.extraMinutes)} errors={error('extraMinutes')} />
        <Field label={t('examPlanning.accommodation.reasonLabel')} name="reason" required maxLength={300} defaultValue={candidate.reason ?? ''} errors={error('reason')} />
        <Field label={t('examPlanning.accommodation.evidenceLabel')} name="evidence" required maxLength={300} defaultValue={candidate.evidence ?? ''} hint={t('examPlanning.accommodation.evidenceHint')} errors={error('evidence')} />
        <Button type="submit" disabled={busy}>
          {t('examPlanning.accommodation.save')}
        </Button>
      </Form>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Akomodasi peserta ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
