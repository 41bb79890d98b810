import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card } from '~/components/ui'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

export type AdministrationResultData = {
  result: 'MS' | 'TMS'
  reasons: string[]
  announcement: { id: string; publishedAt: string; objectionOpensAt: string | null; objectionClosesAt: string | null }
  post: { id: string; result: 'MS' | 'TMS'; publishedAt: string } | null
  objection: { status: 'PENDING' | 'ACCEPTED' | 'REJECTED'; reason: string; submittedAt: string; decisionReason: string | null; decidedAt: string | null } | null
  canObject: boolean
  objectionRefusal: string | null
}

/**
 * The applicant's administrative result as announced (issue 5): MS or TMS with the reasons, the
 * sanggah button while the window is open by the server's clock, what became of the sanggah, and
 * the post-sanggah result.
 */
export function AdministrationResult({ data }: { data: AdministrationResultData }) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')
  const finalResult = data.post?.result ?? (data.objection?.status === 'ACCEPTED' ? 'MS' : data.result)
  return (
    <Card title={t('verification.applicant.title')}>
      <p>
        {t('verification.applicant.result')}{' '}
        <Badge tone={data.result === 'MS' ? 'ok' : 'bad'}>{t(`verification.applicant.${data.result}`)}</Badge>{' '}
        <Link to={`/pengumuman/${data.announcement.id}`}>{t('verification.applicant.announcement', { when: when(data.announcement.publishedAt) })}</Link>
      </p>
      {data.reasons.length ? (
        <>
          <h3>{t('verification.applicant.reasons')}</h3>
          <ul>
            {data.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
      {data.objection ? (
        <Alert tone={data.objection.status === 'ACCEPTED' ? 'success' : data.objection.status === 'REJECTED' ? 'warning' : 'info'} title={t(`verification.objectionStatus.${data.objection.status}`)}>
          {t('verification.applicant.objectedAt', { when: when(data.objection.submittedAt) })}
          {data.objection.decisionReason ? ` ${t('verification.applicant.panelAnswer', { reason: data.objection.decisionReason })}` : ''}
        </Alert>
      ) : data.canObject ? (
        <p>
          {t('verification.applicant.objectUntil', { when: when(data.announcement.objectionClosesAt) })}{' '}
          <Link to="/lamaran/sanggah" className="btn btn-primary">
            {t('verification.applicant.object')}
          </Link>
        </p>
      ) : data.result === 'TMS' && data.objectionRefusal === 'windowClosed' ? (
        <p>{t('verification.applicant.objectionClosed', { when: when(data.announcement.objectionClosesAt) })}</p>
      ) : null}
      {data.post ? (
        <p>
          {t('verification.applicant.postResult')} <Badge tone={data.post.result === 'MS' ? 'ok' : 'bad'}>{t(`verification.applicant.${data.post.result}`)}</Badge>{' '}
          <Link to={`/pengumuman/${data.post.id}`}>{t('verification.applicant.postAnnouncement', { when: when(data.post.publishedAt) })}</Link>
        </p>
      ) : data.objection?.status === 'ACCEPTED' ? (
        <p>{t('verification.applicant.finalPending', { result: finalResult })}</p>
      ) : null}
    </Card>
  )
}
