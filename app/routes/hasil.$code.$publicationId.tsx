import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { publicPublication, verifyPublication } from '~/models/ranking.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** Public: one published (or superseded) list, a position at a time, with its hash and downloads. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const data = await publicPublication(params.publicationId ?? '', { positionId: url.searchParams.get('jabatan') })
  if (!data || data.period.code !== params.code) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const check = await verifyPublication(data.publication.id)
  return json({
    period: data.period,
    publication: {
      id: data.publication.id,
      stage: data.publication.stage,
      version: data.publication.version,
      status: data.publication.status,
      publishedAt: data.publication.publishedAt,
      contentHash: data.publication.contentHash,
      reason: data.publication.reason,
    },
    hashOk: check?.ok ?? false,
    superseding: data.superseding,
    positions: data.positions,
    positionId: data.positionId,
    lines: data.lines,
    objectionWindow: data.objectionWindow,
    resignations: data.resignations,
  })
}

export default function PublishedListPage() {
  const { t } = useTranslation()
  const d = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  const when = (x: string) => formatDateTime(x, { locale, timeZone })
  const title = `${t(`ranking.stages.${d.publication.stage}`)} — ${t('ranking.version', { version: d.publication.version })}`
  return (
    <>
      <PageHeader title={title} lead={d.period.name}>
        <p>
          <Link to={`/hasil/${d.period.code}`}>{t('ranking.results.title')}</Link>
        </p>
      </PageHeader>
      {d.publication.status === 'SUPERSEDED' && d.superseding ? (
        <Alert tone="warning" title={t('ranking.results.supersededBadge')}>
          <Link to={`/hasil/${d.period.code}/${d.superseding.id}`}>{t('ranking.results.superseded', { version: d.superseding.version, reason: d.superseding.reason ?? '—' })}</Link>
        </Alert>
      ) : null}
      {d.publication.reason ? <Alert tone="info">{t('ranking.results.correctionOf', { reason: d.publication.reason })}</Alert> : null}
      <Card>
        <p>
          {t('ranking.results.publishedAt')}: {d.publication.publishedAt ? when(d.publication.publishedAt) : '—'}
        </p>
        <p>
          {t('ranking.hash')}: <code>{d.publication.contentHash}</code>{' '}
          {d.hashOk ? <Badge tone="ok">{t('ranking.results.hashCheck')}</Badge> : <Badge tone="bad">{t('ranking.results.hashMismatch')}</Badge>}
        </p>
        {d.objectionWindow ? <p>{t('ranking.results.objectionWindow', { from: when(d.objectionWindow.opensAt), to: when(d.objectionWindow.closesAt) })}</p> : null}
        <p>
          {t('ranking.results.download')}:{' '}
          {(['pdf', 'xlsx', 'csv'] as const).map((f) => (
            <span key={f}>
              <a href={`/hasil/unduh/${d.publication.id}/${f}`} download>
                {f.toUpperCase()}
              </a>{' '}
            </span>
          ))}
        </p>
      </Card>
      <Form method="get" className="grid">
        <SelectField label={t('ranking.results.choosePosition')} name="jabatan" defaultValue={d.positionId ?? undefined} options={d.positions.map((p) => ({ value: p.id, label: `${p.agency} — ${p.name} (${p.code})` }))} />
        <p>
          <Button variant="secondary">{t('ranking.show')}</Button>
        </p>
      </Form>
      <div className="table-wrap" tabIndex={0} role="group" aria-label={t('ranking.list')}>
        <table>
          <caption>{t('ranking.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ranking.registrationNumber')}</th>
              <th scope="col">{t('ranking.name')}</th>
              <th scope="col">Formasi</th>
              <th scope="col">{t('ranking.rank')}</th>
              <th scope="col">{t('ranking.score')}</th>
              <th scope="col">{t('ranking.code')}</th>
              <th scope="col">{t('ranking.movedTo')}</th>
            </tr>
          </thead>
          <tbody>
            {d.lines.map((l) => (
              <tr key={l.registrationNumber}>
                <td>{l.registrationNumber}</td>
                <td>{l.name}</td>
                <td>
                  {l.formasiTypeCode} · {l.location}
                </td>
                <td>{l.rank ?? '—'}</td>
                <td>{l.score ?? '—'}</td>
                <td>{l.code}</td>
                <td>{l.assignedTo ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.resignations.length ? (
        <Card title={t('ranking.results.replacements')}>
          <ul>
            {d.resignations.map((r) => (
              <li key={r.id}>
                {t('ranking.results.resigned')}: {r.resigned}
                {r.replacement ? ` → ${t('ranking.replacement')}: ${r.replacement}` : ''}
                {r.bannedUntilYear ? ` · ${t('ranking.bannedUntil', { year: r.bannedUntilYear })}` : ''}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Hasil seleksi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
