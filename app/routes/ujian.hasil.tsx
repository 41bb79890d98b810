import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import examStyles from '~/styles/exam.css'
import { attemptIdFrom, clearExamCookie } from '~/models/exam-attempt.server'
import { attemptResult } from '~/models/exam.server'
import { disqualificationReason } from '~/models/exam-planning.server'
import { challengeItem } from '~/models/exam-scoring.server'
import { actorFrom } from '~/utils/request.server'
import { getBlueprint } from '~/domain/exam/blueprints'

// The candidate's result right after the exam (domain.md §3: the participant records the score
// before leaving): per subtest, total and pass/fail against the thresholds of the formasi type.
export async function loader({ request }: LoaderFunctionArgs) {
  const attemptId = attemptIdFrom(request)
  if (!attemptId) throw redirect('/ujian')
  const result = await attemptResult(attemptId)
  if (!result) throw redirect('/ujian')
  if (result.state === 'NOT_STARTED' || result.state === 'IN_PROGRESS' || result.state === 'PAUSED') throw redirect('/ujian/tes')
  const blueprint = getBlueprint(result.blueprintCode)
  return json(
    {
      state: result.state,
      participantNumber: result.participantNumber,
      subtests: blueprint.subtests.map((s) => ({ code: s.code, max: s.itemCount * s.maxPerItem, score: result.scores?.[s.code] ?? null })),
      total: result.scores?.total ?? null,
      maxTotal: blueprint.maxTotal,
      passed: result.passed,
      kind: blueprint.testKind,
      challengeOpen: result.challengeOpen,
      // DIS (ADR 020): the proctor's reason is shown to the candidate with the code.
      disReason: result.state === 'DISQUALIFIED' ? await disqualificationReason(attemptId) : null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const attemptId = attemptIdFrom(request)
  if (form.get('intent') === 'challenge' && attemptId) {
    // Sanggah soal: the candidate contests an item of their own attempt while the window is open.
    const position = Number(form.get('position'))
    const result = await challengeItem(attemptId, Number.isInteger(position) ? position : 0, String(form.get('reason') ?? ''), {
      ...actorFrom(request, context, null),
      actorRole: 'CANDIDATE',
    })
    return json(result, { status: result.ok ? 200 : 400 })
  }
  // An internship short test was started from the student's page (ADR 019 addendum): back there.
  return redirect(form.get('next') === 'magang' ? '/magang/saya' : '/ujian', { headers: { 'Set-Cookie': clearExamCookie() } })
}

export default function ExamResultPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const challenge = useActionData<typeof action>()
  const scored = data.state === 'SCORED'
  const final = scored || data.state === 'ABSENT' || data.state === 'DISQUALIFIED'
  useEffect(() => {
    if (final) return
    const timer = setInterval(() => revalidator.revalidate(), 2000)
    return () => clearInterval(timer)
  }, [final, revalidator])
  return (
    <div className="narrow">
      <PageHeader title={t('exam.result.title')} lead={`${data.participantNumber} · ${t('exam.result.lead')}`} />
      {data.state === 'ABSENT' ? <Alert tone="error">{t('exam.states.ABSENT')}</Alert> : null}
      {data.state === 'DISQUALIFIED' ? (
        <Alert tone="error" title={t('examPlanning.dis.state')}>
          {t('examPlanning.dis.candidate', { reason: data.disReason ?? '' })}
        </Alert>
      ) : null}
      {!final ? <Alert tone="info">{t('exam.result.scoring')}</Alert> : null}
      {scored ? (
        <>
          <table>
            <tbody>
              {data.subtests.map((s) => (
                <tr key={s.code}>
                  <th scope="row">{s.code}</th>
                  <td>
                    <strong>{s.score}</strong> / {s.max}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('exam.result.total')}</th>
                <td>
                  <strong>{data.total}</strong> / {data.maxTotal}
                </td>
              </tr>
            </tbody>
          </table>
          {data.passed === null ? null : (
            <p>
              <Badge tone={data.passed ? 'ok' : 'bad'}>{data.passed ? t('exam.result.passed') : t('exam.result.failed')}</Badge>
            </p>
          )}
        </>
      ) : null}
      {scored && data.challengeOpen ? (
        <section aria-labelledby="challenge-heading" className="card">
          <h2 id="challenge-heading">{t('exam.challenge.title')}</h2>
          <p className="hint">{t('exam.challenge.lead')}</p>
          {challenge && 'ok' in challenge ? (
            <Alert tone={challenge.ok ? 'success' : 'error'}>{challenge.ok ? t('exam.challenge.sent') : t(`exam.challenge.${challenge.error}`)}</Alert>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="challenge" />
            <div className="field">
              <label htmlFor="position">{t('exam.challenge.position')}</label>
              <input id="position" name="position" inputMode="numeric" required />
            </div>
            <div className="field">
              <label htmlFor="reason">{t('exam.challenge.reason')}</label>
              <textarea id="reason" name="reason" required rows={3} />
            </div>
            <button type="submit" className="btn btn-secondary">
              {t('exam.challenge.submit')}
            </button>
          </Form>
        </section>
      ) : null}
      <form method="post">
        {data.kind === 'MAGANG' ? <input type="hidden" name="next" value="magang" /> : null}
        <button type="submit" className="btn btn-secondary">
          {t('exam.result.signOut')}
        </button>
      </form>
    </div>
  )
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: examStyles }]
export const meta: MetaFunction = () => [{ title: 'Hasil ujian CAT — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
