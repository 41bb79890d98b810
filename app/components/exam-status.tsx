import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card } from '~/components/ui'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

export type ExamStatus = {
  test: string
  isMs: boolean
  locked: boolean
  preference: { name: string; city: string } | null
  seat: { participantNumber: string; siteName: string; siteCity: string; timeZone: string; roomName: string; seatNumber: number; startsAt: string; durationMinutes: number; extraMinutes: number } | null
  accommodation: { extraMinutes: number; reason: string } | null
}

/**
 * The applicant's CAT on the dashboard (issue 6): after MS, the test-site choice; once allocated,
 * site, room, seat and session time with the Kartu Peserta Ujian link; the accommodation, if any.
 */
export function ExamStatusCard({ exam }: { exam: ExamStatus | null }) {
  const { t } = useTranslation()
  const { locale } = useRootData()
  if (!exam || (!exam.isMs && !exam.seat)) return null
  return (
    <Card title={t('examPlanning.dashboard.title', { test: t(`examPlanning.tests.${exam.test}`) })}>
      {exam.seat ? (
        <>
          <dl className="summary" data-testid="exam-seat">
            <div>
              <dt>{t('examPlanning.dashboard.number')}</dt>
              <dd>{exam.seat.participantNumber}</dd>
            </div>
            <div>
              <dt>{t('examPlanning.dashboard.site')}</dt>
              <dd>
                {exam.seat.siteName}, {exam.seat.siteCity}
              </dd>
            </div>
            <div>
              <dt>{t('examPlanning.dashboard.room')}</dt>
              <dd>{t('examPlanning.dashboard.roomValue', { room: exam.seat.roomName, seat: exam.seat.seatNumber })}</dd>
            </div>
            <div>
              <dt>{t('examPlanning.dashboard.when')}</dt>
              <dd>{formatDateTime(exam.seat.startsAt, { locale, timeZone: exam.seat.timeZone })}</dd>
            </div>
            <div>
              <dt>{t('examPlanning.dashboard.duration')}</dt>
              <dd>{t('examPlanning.dashboard.minutes', { count: exam.seat.durationMinutes + exam.seat.extraMinutes })}</dd>
            </div>
          </dl>
          <p>
            <a href="/kartu-ujian" download>
              {t('examPlanning.dashboard.card')}
            </a>
          </p>
        </>
      ) : exam.preference ? (
        <p>
          {t('examPlanning.dashboard.chosen', { site: `${exam.preference.name}, ${exam.preference.city}` })}{' '}
          {exam.locked ? null : <Link to="/lokasi-tes">{t('examPlanning.dashboard.change')}</Link>}
        </p>
      ) : exam.locked ? (
        <p>{t('examPlanning.dashboard.waiting')}</p>
      ) : (
        <p>
          <Link to="/lokasi-tes">{t('examPlanning.dashboard.choose')}</Link>
        </p>
      )}
      {exam.accommodation ? (
        <p data-testid="exam-accommodation">{t('examPlanning.dashboard.accommodation', { count: exam.accommodation.extraMinutes, reason: exam.accommodation.reason })}</p>
      ) : null}
    </Card>
  )
}
