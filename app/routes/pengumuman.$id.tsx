import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getAnnouncement } from '~/models/verification.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// Public: one frozen list with its SHA-256, its PDF and CSV, and (first announcement) the sanggah period.
export async function loader({ params }: LoaderFunctionArgs) {
  const announcement = await getAnnouncement(params.id ?? '')
  if (!announcement) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const { csv: _csv, ...rest } = announcement
  return json(rest)
}

export default function AnnouncementPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const a = useLoaderData<typeof loader>()
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')
  return (
    <>
      <PageHeader title={t(`verification.kind.${a.kind}`)} lead={`${a.agencyName} — ${a.positionName} (${a.positionCode}) · ${a.periodName}`} />
      <Card title={t('verification.public.about')}>
        <dl className="summary">
          <div>
            <dt>{t('verification.public.published')}</dt>
            <dd>{when(a.publishedAt)}</dd>
          </div>
          {a.objectionClosesAt ? (
            <div>
              <dt>{t('verification.public.objectionPeriod')}</dt>
              <dd>
                {when(a.objectionOpensAt)} – {when(a.objectionClosesAt)}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t('verification.public.hash')}</dt>
            <dd>
              <code data-testid="content-hash" style={{ wordBreak: 'break-all' }}>
                {a.contentHash}
              </code>
            </dd>
          </div>
          <div>
            <dt>{t('verification.public.counts')}</dt>
            <dd>{t('verification.public.countsValue', { ms: a.msCount, total: a.rowCount })}</dd>
          </div>
        </dl>
        <p className="hint">{t('verification.public.hashHint')}</p>
        <p>
          <a href={`/pengumuman/${a.id}/berkas?format=pdf`} download>
            {t('verification.public.pdf')}
          </a>{' '}
          ·{' '}
          <a href={`/pengumuman/${a.id}/berkas?format=csv`} download>
            {t('verification.public.csv')}
          </a>
        </p>
      </Card>
      <div className="table-wrap">
        <table>
          <caption>{t('verification.public.list')}</caption>
          <thead>
            <tr>
              <th scope="col">No</th>
              <th scope="col">{t('verification.public.number')}</th>
              <th scope="col">{t('verification.public.name')}</th>
              <th scope="col">{t('verification.public.result')}</th>
              <th scope="col">{t('verification.public.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {a.entries.map((e, i) => (
              <tr key={e.id}>
                <td>{i + 1}</td>
                <td>{e.registrationNumber}</td>
                <td>{e.fullName}</td>
                <td>
                  <Badge tone={e.result === 'MS' ? 'ok' : 'bad'}>{e.result}</Badge>
                </td>
                <td>{e.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link to="/pengumuman">{t('verification.public.all')}</Link>
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pengumuman · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
