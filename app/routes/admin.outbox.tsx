import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { prisma } from '~/utils/db.server'
import { listOutbox } from '~/utils/mail.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const LIMIT = 100

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:outbox:any')
  const [logs, files] = await Promise.all([
    prisma.emailLog.findMany({ orderBy: { createdAt: 'desc' }, take: LIMIT }),
    listOutbox(LIMIT),
  ])
  return json({
    logs: logs.map((l) => ({
      id: l.id,
      to: l.to,
      subject: l.subject,
      template: l.template,
      status: l.status,
      attempts: l.attempts,
      error: l.error,
      createdAt: l.createdAt.toISOString(),
    })),
    files: files.map((f) => ({
      fileName: f.fileName,
      to: f.to,
      subject: f.subject,
      template: f.template,
      date: f.date?.toISOString() ?? null,
    })),
  })
}

const STATUS_TONE = { QUEUED: 'warn', SENT: 'ok', FAILED: 'bad' } as const

/** The delivery log and the outbox folder; a chosen message (child route) shows above them. */
export default function OutboxPage() {
  const { t } = useTranslation()
  const { logs, files } = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  return (
    <>
      <PageHeader title={t('outbox.title')} lead={t('outbox.intro')} />
      <Outlet />

      <h2 id="outbox-log">{t('outbox.log')}</h2>
      {logs.length ? (
        <div className="table-wrap">
          <table aria-labelledby="outbox-log">
            <thead>
              <tr>
                <th scope="col">{t('outbox.date')}</th>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.template')}</th>
                <th scope="col">{t('outbox.status')}</th>
                <th scope="col">{t('outbox.attempts')}</th>
                <th scope="col">{t('outbox.error')}</th>
              </tr>
            </thead>
            <tbody>
              {logs.map((l) => (
                <tr key={l.id}>
                  <td>{formatDateTime(l.createdAt, { locale, timeZone })}</td>
                  <td>{l.to}</td>
                  <td>{l.subject}</td>
                  <td>
                    <code>{l.template}</code>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[l.status]}>{t(`outbox.state.${l.status}`)}</Badge>
                  </td>
                  <td>{l.attempts}</td>
                  <td>{l.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('outbox.empty')}</p>
      )}

      <h2 id="outbox-files">{t('outbox.files')}</h2>
      {files.length ? (
        <div className="table-wrap">
          <table aria-labelledby="outbox-files">
            <thead>
              <tr>
                <th scope="col">{t('outbox.date')}</th>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.template')}</th>
                <th scope="col">{t('outbox.file')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.fileName}>
                  <td>{f.date ? formatDateTime(f.date, { locale, timeZone }) : '—'}</td>
                  <td>{f.to}</td>
                  <td>{f.subject}</td>
                  <td>{f.template ? <code>{f.template}</code> : '—'}</td>
                  <td>
                    <Link
                      to={`/admin/outbox/${encodeURIComponent(f.fileName)}`}
                      aria-label={t('outbox.viewFile', { file: f.fileName })}
                    >
                      {t('outbox.view')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('outbox.empty')}</p>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Surel keluar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
