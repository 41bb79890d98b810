import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FINAL_SCORE_RULES, DEFAULT_GAP_THRESHOLD, DEFAULT_ASSESSORS_PER_CANDIDATE } from '~/domain/assessment/final-score'
import { DEFAULT_INTERVIEW_RUBRIC, parseInterviewSetup } from '~/domain/internship/interview'
import { interviewForOpening, setUpInterview } from '~/models/internship-interview.server'
import { actorFrom } from '~/utils/request.server'
import { notFound, requireAgencyInternship } from '~/utils/internship-route.server'

// The interview of one internship opening (ADR 019 addendum): the agency sets it up here — the
// competencies, panel size, gap and final-score rule, and the interviewers — and then runs it on
// the assessment panel page like any batch of ADR 016.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { agencyIds } = await requireAgencyInternship(request)
  const view = await interviewForOpening(params.openingId ?? '', agencyIds)
  if (!view) notFound()
  return json(view)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, agencyIds } = await requireAgencyInternship(request)
  const form = await request.formData()
  const parsed = parseInterviewSetup({
    rubric: form.get('rubric'),
    assessorsPerCandidate: form.get('assessorsPerCandidate'),
    gapThreshold: form.get('gapThreshold'),
    finalScoreRule: form.get('finalScoreRule'),
    assessorIds: form.getAll('assessorIds').map(String),
  })
  if (!parsed.ok) return json({ error: parsed.error, line: parsed.line ?? null }, { status: 400 })
  const result = await setUpInterview(params.openingId ?? '', agencyIds, parsed.setup, actorFrom(request, context, user))
  if (!result) notFound()
  if (!result.ok) return json({ error: result.error, line: null }, { status: 409 })
  return redirect(`/instansi/magang/${params.openingId}/wawancara?pesan=diatur`)
}

export default function InternshipInterviewPage() {
  const { t } = useTranslation()
  const { opening, shortlisted, batch, interviewers } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state !== 'idle'
  return (
    <div>
      <PageHeader title={t('internshipRules.interview.title', { title: opening.title })} lead={t('internshipRules.interview.lead')} />
      {params.get('pesan') === 'diatur' && !data ? <Alert tone="success">{t('internshipRules.interview.created')}</Alert> : null}
      {data?.error ? <Alert tone="error">{t(data.error, { line: data.line })}</Alert> : null}
      <p className="hint">{t('internshipRules.interview.rulesHint')}</p>
      {batch ? (
        <Card title={t('internshipRules.interview.running')}>
          <p>{t('internshipRules.interview.figures', batch)}</p>
          <p>
            <Link to={`/instansi/asesmen/${batch.id}`}>{t('internshipRules.interview.panel')}</Link>
          </p>
        </Card>
      ) : (
        <Card title={t('internshipRules.interview.setUp')}>
          <p>{t('internshipRules.interview.shortlisted', { count: shortlisted })}</p>
          {interviewers.length === 0 ? <Alert tone="warning">{t('internshipRules.interview.noInterviewers')}</Alert> : null}
          <Form method="post">
            <div className="field">
              <label htmlFor="interview-rubric">{t('internshipRules.interview.rubric')}</label>
              <textarea id="interview-rubric" name="rubric" rows={5} defaultValue={DEFAULT_INTERVIEW_RUBRIC} required maxLength={6000} />
            </div>
            <Field label={t('internshipRules.interview.perCandidate')} name="assessorsPerCandidate" inputMode="numeric" defaultValue={String(DEFAULT_ASSESSORS_PER_CANDIDATE)} required />
            <Field label={t('internshipRules.interview.gap')} name="gapThreshold" inputMode="numeric" defaultValue={String(DEFAULT_GAP_THRESHOLD)} required />
            <SelectField
              label={t('internshipRules.interview.rule')}
              name="finalScoreRule"
              defaultValue="MEAN_CLOSEST_TWO"
              options={FINAL_SCORE_RULES.map((r) => ({ value: r, label: t(`assessment.rules.${r}`, { gap: DEFAULT_GAP_THRESHOLD }) }))}
            />
            <fieldset>
              <legend>{t('internshipRules.interview.interviewers')}</legend>
              {interviewers.map((i) => (
                <label key={i.userId} className="checkbox">
                  <input type="checkbox" name="assessorIds" value={i.userId} /> {i.name}
                  {i.internal ? ` (${t('internshipRules.interview.internal')})` : i.institution ? ` (${i.institution})` : ''}
                </label>
              ))}
            </fieldset>
            <Button disabled={busy}>{t('internshipRules.interview.setUp')}</Button>
          </Form>
        </Card>
      )}
      <p>
        <Link to={`/instansi/magang/${opening.id}`}>{t('internshipRules.interview.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Wawancara magang · Instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
