import { Form, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button } from '~/components/ui'
import { formatDateTime } from '~/utils/time'
import type { ShortTestOutcome } from '~/domain/internship/short-test'

// The internship short test (issue 9, ADR 019 addendum) as the agency's shortlist and the
// student's page show it; kept here so those two pages only gain one line each.

type TestInfo = { parts: { code: string; count: number }[]; durationMinutes: number; opensAt: string; closesAt: string; maxTotal: number; subtestMax: Record<string, number> }
type Score = { outcome: ShortTestOutcome; scores: Record<string, number> | null; total: number | null }

const partsText = (parts: { code: string; count: number }[]) => parts.map((p) => `${p.code} ${p.count}`).join(', ')
const scoresText = (test: TestInfo, scores: Record<string, number>) => test.parts.map((p) => `${p.code} ${scores[p.code] ?? 0}/${test.subtestMax[p.code] ?? 0}`).join(', ')

/** The configuration in one line, times in WIB. */
export function ShortTestSummary({ test }: { test: TestInfo }) {
  const { t } = useTranslation()
  return <>{t('internshipTest.summary', { parts: partsText(test.parts), minutes: test.durationMinutes, opens: formatDateTime(test.opensAt), closes: formatDateTime(test.closesAt) })}</>
}

/** One student's outcome on the agency's shortlist. */
export function ShortTestScoreLine({ test, score }: { test: TestInfo; score: Score | undefined }) {
  const { t } = useTranslation()
  if (!score) return null
  if (score.outcome === 'scored' && score.scores) {
    return <p className="short-test-score">{t('internshipTest.score', { parts: scoresText(test, score.scores), total: score.total ?? 0, max: test.maxTotal })}</p>
  }
  return (
    <p className="short-test-score">
      {t('internshipTest.title')}: <Badge tone={score.outcome === 'absent' || score.outcome === 'disqualified' ? 'bad' : 'neutral'}>{t(`internshipTest.outcome.${score.outcome}`)}</Badge>
    </p>
  )
}

/** The student's test card inside an application: start/resume inside the window, then the score. */
export function StudentShortTest({ applicationId, test, score, mayStart }: { applicationId: string; test: TestInfo; score: Score; mayStart: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="short-test">
      <h4>{t('internshipTest.student.heading')}</h4>
      <p>{t('internshipTest.student.info', { parts: partsText(test.parts), minutes: test.durationMinutes, opens: formatDateTime(test.opensAt), closes: formatDateTime(test.closesAt) })}</p>
      {score.outcome === 'scored' && score.scores ? (
        <Alert tone="success">{t('internshipTest.student.result', { parts: scoresText(test, score.scores), total: score.total ?? 0, max: test.maxTotal })}</Alert>
      ) : null}
      {score.outcome === 'absent' ? <Alert tone="warning">{t('internshipTest.student.absent')}</Alert> : null}
      {score.outcome === 'upcoming' ? <p>{t('internshipTest.student.upcoming', { opens: formatDateTime(test.opensAt) })}</p> : null}
      {score.outcome === 'scoring' || score.outcome === 'disqualified' ? <p>{t(`internshipTest.outcome.${score.outcome}`)}</p> : null}
      {mayStart && (score.outcome === 'open' || score.outcome === 'inProgress') ? (
        <Form method="post" action={`/magang/tes/${applicationId}`}>
          <Button>{score.outcome === 'inProgress' ? t('internshipTest.student.resume') : t('internshipTest.student.start')}</Button>
        </Form>
      ) : null}
    </div>
  )
}

/** Why "Mulai tes singkat" was refused (`/magang/saya?tes=<error>`), if it was. */
export function ShortTestStartError() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const error = params.get('tes')
  if (!error || !['noTest', 'notShortlisted', 'upcoming', 'closed'].includes(error)) return null
  return <Alert tone="error">{t(`internshipTest.errors.${error === 'upcoming' ? 'upcomingStart' : error}`)}</Alert>
}
