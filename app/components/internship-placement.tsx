import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, Button } from '~/components/ui'
import { formatDate } from '~/utils/time'

type Entry = {
  id: string
  kind: string
  entryDate: string
  month: number | null
  title: string
  body: string
  hours: number | null
  status: string
  revision: number
  reviewComment: string | null
  reviewerRole: string | null
}

type Credit = { key: string; name: string; nameEn: string; score: number; grade: string; sks: number }

/** A placement's logbook or monthly reports, with approve / return forms for a reviewer. */
export function ReviewableEntries({ entries, canReview }: { entries: Entry[]; canReview: boolean }) {
  const { t } = useTranslation()
  if (entries.length === 0) return <p>{t('internship.entries.none')}</p>
  return (
    <div>
      {entries.map((e) => (
        <article key={e.id} className="card" aria-label={e.title}>
          <h4>
            {e.month ? `${t('internship.entries.month')} ${e.month}: ` : `${formatDate(`${e.entryDate}T00:00:00Z`)}: `}
            {e.title}{' '}
            <Badge tone={e.status === 'APPROVED' ? 'ok' : e.status === 'RETURNED' ? 'bad' : 'warn'}>{t(`internship.entries.status.${e.status}`)}</Badge>
            {e.revision > 1 ? <small> ({t('internship.entries.revision', { n: e.revision })})</small> : null}
          </h4>
          <p>{e.body}</p>
          {e.hours ? <p>{t('internship.entries.hours')}: {e.hours}</p> : null}
          {e.reviewComment ? <p><em>{t('internship.entries.comment', { comment: e.reviewComment })}</em></p> : null}
          {canReview && e.status === 'SUBMITTED' ? (
            <Form method="post">
              <input type="hidden" name="entryId" value={e.id} />
              <div className="field">
                <label htmlFor={`comment-${e.id}`}>{t('internship.review.comment', { title: e.title })}</label>
                <textarea id={`comment-${e.id}`} name="comment" rows={2} maxLength={1000} />
              </div>
              <Button name="intent" value="approve" aria-label={`${t('internship.review.approve')}: ${e.title}`}>{t('internship.review.approve')}</Button>{' '}
              <Button name="intent" value="return" variant="secondary" aria-label={`${t('internship.review.return')}: ${e.title}`}>{t('internship.review.return')}</Button>
            </Form>
          ) : null}
        </article>
      ))}
    </div>
  )
}

/** The per-skill credit conversion the university receives (≤ 20 SKS). */
export function CreditTable({ credits, total }: { credits: Credit[]; total: number | null }) {
  const { t, i18n } = useTranslation()
  return (
    <table aria-label={t('internship.evaluation.credits')}>
      <thead>
        <tr><th scope="col">{t('internship.evaluation.skill')}</th><th scope="col">{t('internship.evaluation.score')}</th><th scope="col">{t('internship.evaluation.grade')}</th><th scope="col">{t('internship.evaluation.sks')}</th></tr>
      </thead>
      <tbody>
        {credits.map((c) => (
          <tr key={c.key}><th scope="row">{i18n.language === 'en' ? c.nameEn : c.name}</th><td>{c.score}</td><td>{c.grade}</td><td>{c.sks}</td></tr>
        ))}
        <tr><th scope="row">{t('internship.evaluation.total')}</th><td /><td /><td><strong>{total}</strong></td></tr>
      </tbody>
    </table>
  )
}
