import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { publicPublications } from '~/models/ranking.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** Public: every published and superseded list of a period, newest version first. */
export async function loader({ params }: LoaderFunctionArgs) {
  const data = await publicPublications(params.code ?? '')
  if (!data) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return json({
    period: data.period,
    publications: data.publications.map((p) => ({ id: p.id, stage: p.stage, version: p.version, status: p.status, publishedAt: p.publishedAt, reason: p.reason, lineCount: p.lineCount })),
  })
}

export default function PeriodResultsPage() {
  const { t } = useTranslation()
  const { period, publications } = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  return (
    <>
      <PageHeader title={`${t('ranking.results.title')} — ${period.name}`} lead={t('ranking.results.intro')} />
      <Card>
        {publications.length ? (
          <ul>
            {publications.map((p) => (
              <li key={p.id}>
                <Link to={`/hasil/${period.code}/${p.id}`}>
                  {t(`ranking.stages.${p.stage}`)} — {t('ranking.version', { version: p.version })}
                </Link>{' '}
                {p.status === 'SUPERSEDED' ? <Badge tone="warn">{t('ranking.results.supersededBadge')}</Badge> : <Badge tone="ok">{t('ranking.pubStatuses.PUBLISHED')}</Badge>}{' '}
                {p.publishedAt ? `· ${t('ranking.results.publishedAt')} ${formatDateTime(p.publishedAt, { locale, timeZone })}` : ''} · {p.lineCount.toLocaleString(locale)} {t('ranking.results.lines').toLowerCase()}
                {p.reason ? <p className="hint">{t('ranking.results.correctionOf', { reason: p.reason })}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('ranking.results.none')}</p>
        )}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Hasil seleksi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
