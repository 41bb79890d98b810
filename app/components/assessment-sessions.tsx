import { useTranslation } from 'react-i18next'
import { Card } from '~/components/ui'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** The applicant's scheduled additional-test sessions (interview, psychological test) on their dashboard (issue 7). */
export function AssessmentSessionsCard({
  sessions,
}: {
  sessions: { testType: string; startsAt: string; place: string | null; link: string | null; positionName: string; agencyName: string }[]
}) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  if (!sessions.length) return null
  return (
    <Card title={t('assessment.dashboard.title')}>
      <div className="table-wrap" tabIndex={0}>
        <table aria-label={t('assessment.dashboard.title')}>
          <thead>
            <tr>
              <th scope="col">{t('assessment.dashboard.test')}</th>
              <th scope="col">{t('assessment.dashboard.when')}</th>
              <th scope="col">{t('assessment.dashboard.where')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s, i) => (
              <tr key={i}>
                <td>
                  {t(`assessment.types.${s.testType}`)}
                  <br />
                  <span className="hint">
                    {s.positionName} — {s.agencyName}
                  </span>
                </td>
                <td>{formatDateTime(s.startsAt, { locale, timeZone })}</td>
                <td>
                  {s.place ?? ''}
                  {s.link ? (
                    <>
                      {s.place ? ' · ' : ''}
                      <a href={s.link} rel="noreferrer noopener" target="_blank">
                        {t('assessment.videoLink')}
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
