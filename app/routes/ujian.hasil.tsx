import { json, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import examStyles from '~/styles/exam.css'
import { attemptIdFrom, clearExamCookie } from '~/models/exam-attempt.server'
import { attemptResult } from '~/models/exam.server'
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
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action() {
  return redirect('/ujian', { headers: { 'Set-Cookie': clearExamCookie() } })
}

export default function ExamResultPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const scored = data.state === 'SCORED'
  useEffect(() => {
    if (scored) return
    const timer = setInterval(() => revalidator.revalidate(), 2000)
    return () => clearInterval(timer)
  }, [scored, revalidator])
  return (
    <div className="narrow">
      <PageHeader title={t('exam.result.title')} lead={`${data.participantNumber} · ${t('exam.result.lead')}`} />
      {data.state === 'ABSENT' ? <Alert tone="error">{t('exam.states.ABSENT')}</Alert> : null}
      {!scored && data.state !== 'ABSENT' ? <Alert tone="info">{t('exam.result.scoring')}</Alert> : null}
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
      <form method="post">
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
