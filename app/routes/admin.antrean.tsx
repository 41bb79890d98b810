import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { queueStats, type JobCounts } from '~/utils/queue.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const FAILED_SHOWN = 20
const DATA_PREVIEW_CHARS = 300

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:jobs:any')
  const stats = await queueStats({ failedLimit: FAILED_SHOWN })
  return json({
    backend: stats.backend,
    sampled: stats.sampled,
    totals: stats.totals,
    jobs: Object.entries(stats.jobs)
      .map(([name, counts]) => ({ name, ...counts }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    recentFailed: stats.recentFailed.map((f) => ({
      id: f.id,
      name: f.name,
      error: f.error,
      attemptsMade: f.attemptsMade,
      failedAt: f.failedAt?.toISOString() ?? null,
      data: preview(f.data),
    })),
  })
}

/**
 * Only the shape of the payload, never its values: an e-mail job carries the whole message,
 * including one-time invitation and password-reset links, and this page's permission
 * (read:jobs:any) is not a licence to read mail.
 */
function preview(data: unknown) {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const keys = Object.keys(data).join(', ')
    return `{ ${keys.length > DATA_PREVIEW_CHARS ? `${keys.slice(0, DATA_PREVIEW_CHARS)}…` : keys} }`
  }
  return Array.isArray(data) ? `[${data.length}]` : typeof data
}

const STATES: (keyof JobCounts)[] = ['waiting', 'active', 'delayed', 'completed', 'failed']

export default function JobsPage() {
  const { t } = useTranslation()
  const { backend, sampled, totals, jobs, recentFailed } = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  return (
    <>
      <PageHeader title={t('jobs.title')} lead={t('jobs.intro')}>
        <p>
          <Link to="/admin/antrean">
            {t('jobs.refresh')}
          </Link>
        </p>
      </PageHeader>
      <Alert tone={backend === 'memory' ? 'warning' : 'info'}>
        {t(backend === 'memory' ? 'jobs.backendMemory' : 'jobs.backendRedis')}
      </Alert>
      {sampled ? <Alert tone="info">{t('jobs.sampled')}</Alert> : null}

      <h2 id="jobs-counts">{t('jobs.counts')}</h2>
      {jobs.length ? (
        <div className="table-wrap">
          <table aria-labelledby="jobs-counts">
            <thead>
              <tr>
                <th scope="col">{t('jobs.name')}</th>
                {STATES.map((s) => (
                  <th scope="col" key={s}>
                    {t(`jobs.${s}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.name}>
                  <th scope="row">
                    <code>{job.name}</code>
                  </th>
                  {STATES.map((s) => (
                    <td key={s}>
                      {s === 'failed' && job.failed > 0 ? <Badge tone="bad">{job.failed}</Badge> : job[s]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('jobs.total')}</th>
                {STATES.map((s) => (
                  <td key={s}>
                    <strong>{totals[s]}</strong>
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      ) : (
        <p>{t('jobs.empty')}</p>
      )}

      <h2 id="jobs-failed">{t('jobs.recentFailed')}</h2>
      {recentFailed.length ? (
        <div className="table-wrap">
          <table aria-labelledby="jobs-failed">
            <thead>
              <tr>
                <th scope="col">{t('jobs.failedAt')}</th>
                <th scope="col">{t('jobs.name')}</th>
                <th scope="col">{t('jobs.id')}</th>
                <th scope="col">{t('jobs.attempts')}</th>
                <th scope="col">{t('jobs.error')}</th>
                <th scope="col">{t('jobs.data')}</th>
              </tr>
            </thead>
            <tbody>
              {recentFailed.map((f) => (
                <tr key={f.id}>
                  <td>{f.failedAt ? formatDateTime(f.failedAt, { locale, timeZone }) : '—'}</td>
                  <td>
                    <code>{f.name}</code>
                  </td>
                  <td>{f.id}</td>
                  <td>{f.attemptsMade}</td>
                  <td>{f.error || '—'}</td>
                  <td>
                    <code>{f.data}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('jobs.noFailed')}</p>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Antrean tugas · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
