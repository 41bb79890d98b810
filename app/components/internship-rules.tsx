import { useTranslation } from 'react-i18next'
import { Alert, Badge } from '~/components/ui'
import { formatDate } from '~/utils/time'
import { MIN_ATTENDANCE_FOR_CERTIFICATE } from '~/domain/internship/evaluation'

/** Pieces shared by the student's, the supervisor's and the university's placement pages (ADR 019 addendum). */

const day = (iso: string) => formatDate(`${iso}T00:00:00Z`)

type ScheduledReport = { month: number; from: string; to: string; opensOn: string; dueOn: string; state: string; late: boolean }

/** Report n per placement month: its period, when it opens, its due date, and late ones flagged. */
export function ReportSchedule({ schedule }: { schedule: ScheduledReport[] }) {
  const { t } = useTranslation()
  const late = schedule.filter((r) => r.late).length
  return (
    <>
      {late ? <Alert tone="warning">{t('internshipRules.reports.lateCount', { count: late })}</Alert> : null}
      <div className="table-wrap" tabIndex={0}>
        <table aria-label={t('internshipRules.reports.scheduleTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('internshipRules.reports.month')}</th>
              <th scope="col">{t('internshipRules.reports.period')}</th>
              <th scope="col">{t('internshipRules.reports.opensOn')}</th>
              <th scope="col">{t('internshipRules.reports.dueOn')}</th>
              <th scope="col">{t('internshipRules.reports.state')}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.map((r) => (
              <tr key={r.month}>
                <th scope="row">{r.month}</th>
                <td>{day(r.from)} – {day(r.to)}</td>
                <td>{day(r.opensOn)}</td>
                <td>{day(r.dueOn)}</td>
                <td>
                  <Badge tone={r.late ? 'bad' : r.state === 'SENT_ON_TIME' ? 'ok' : 'neutral'}>{t(`internshipRules.reports.states.${r.state}`)}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

/** What the attendance does to the evaluation, in words, before the mentor submits it. */
export function AttendanceEffect({ effect }: { effect: { rate: number | null; disciplineCap: number | null; allowsCertificate: boolean } }) {
  const { t } = useTranslation()
  return (
    <section className="card" aria-label={t('internshipRules.attendance.effectTitle')}>
      <h3>{t('internshipRules.attendance.effectTitle')}</h3>
      {effect.rate === null ? (
        <p>{t('internshipRules.attendance.none')}</p>
      ) : (
        <>
          <p>{t('internshipRules.attendance.cap', { rate: effect.rate, cap: effect.disciplineCap })}</p>
          <p>
            {effect.allowsCertificate
              ? t('internshipRules.attendance.certificateOk', { min: MIN_ATTENDANCE_FOR_CERTIFICATE })
              : t('internshipRules.attendance.certificateNo', { min: MIN_ATTENDANCE_FOR_CERTIFICATE })}
          </p>
        </>
      )}
    </section>
  )
}

/** The early-completion notice the DPL and the PIC see. */
export function EarlyCompletion({ reason }: { reason: string | null }) {
  const { t } = useTranslation()
  if (!reason) return null
  return <Alert tone="warning">{t('internshipRules.evaluation.completedEarly', { reason })}</Alert>
}
