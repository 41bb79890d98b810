import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { APPLICATION_STEPS, ApplicationSteps } from '~/components/application-steps'
import { timeLeft } from '~/domain/application/steps'
import { getRegistrationWindow } from '~/models/application.server'
import { getPeriodName } from '~/models/registration.server'
import { requireApplication } from '~/utils/application-route.server'
import { registrationCardPath } from '~/utils/registration-card.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// The applicant's dashboard (issue 4 "Status"): status with its history (reason, time in the
// applicant's zone), the registration deadline with a countdown from the server's close time,
// the steps with done/to-do marks, and the Kartu Pendaftaran once finalised.
export async function loader({ request }: LoaderFunctionArgs) {
  const { application, steps, vacancy } = await requireApplication(request)
  const [window, periodName] = await Promise.all([getRegistrationWindow(application.periodId), getPeriodName(application.periodId)])
  return json({
    periodName,
    kind: application.selectionKind,
    status: application.status,
    registrationNumber: application.registrationNumber,
    cardCheckPath: application.registrationNumber ? registrationCardPath(application.registrationNumber) : null,
    steps,
    vacancy: vacancy
      ? { agency: vacancy.position.agency.name, position: vacancy.position.name, location: vacancy.location, formasiType: vacancy.formasiType.name }
      : null,
    events: application.events.map((e) => ({ id: e.id, status: e.status, reason: e.reason, at: e.at.toISOString() })),
    closesAt: window?.closesAt.toISOString() ?? null,
    serverNow: new Date().toISOString(),
  })
}

const STATUS_TONE = { DRAFT: 'warn', SUBMITTED: 'ok', VERIFIED_MS: 'ok', VERIFIED_TMS: 'bad', WITHDRAWN: 'neutral' } as const

/** "Pendaftaran ditutup … (sisa 3 hari 4 jam)": rendered by the server, then kept current in the browser. */
function Deadline({ closesAt, serverNow }: { closesAt: string; serverNow: string }) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const [now, setNow] = useState(() => new Date(serverNow))
  useEffect(() => {
    // The server's clock decides; the browser only counts from it (its own clock may be wrong).
    const skew = new Date(serverNow).getTime() - Date.now()
    const tick = () => setNow(new Date(Date.now() + skew))
    const timer = setInterval(tick, 30_000)
    tick()
    return () => clearInterval(timer)
  }, [serverNow])
  const when = formatDateTime(closesAt, { timeZone, locale })
  const left = timeLeft(new Date(closesAt), now)
  if (!left) return <Alert tone="warning">{t('application.dashboard.deadlinePassed', { when })}</Alert>
  const leftText =
    left.days > 0
      ? t('application.dashboard.left', { days: left.days, hours: left.hours })
      : t('application.dashboard.leftMinutes', { hours: left.hours, minutes: left.minutes })
  return (
    <Alert tone="info">
      <span data-testid="deadline">{t('application.dashboard.deadline', { when, left: leftText })}</span>
    </Alert>
  )
}

export default function ApplicationDashboard() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const draft = data.status === 'DRAFT'
  const next = draft ? APPLICATION_STEPS.find((s) => s.key === 'resume' || !data.steps[s.key]) : null
  return (
    <>
      <PageHeader title={t('application.title')} lead={t('application.dashboard.lead')} />
      {data.closesAt ? (
        draft ? (
          <Deadline closesAt={data.closesAt} serverNow={data.serverNow} />
        ) : null
      ) : (
        <Alert tone="info">{t('application.dashboard.notScheduled')}</Alert>
      )}
      <Card title={t('application.status.label')}>
        <dl className="summary">
          <div>
            <dt>{t('application.dashboard.period')}</dt>
            <dd>
              {data.periodName} ({data.kind})
            </dd>
          </div>
          <div>
            <dt>{t('application.status.label')}</dt>
            <dd>
              <Badge tone={STATUS_TONE[data.status]}>{t(`application.status.${data.status}`)}</Badge>
            </dd>
          </div>
          {data.registrationNumber ? (
            <div>
              <dt>{t('application.dashboard.registrationNumber')}</dt>
              <dd>{data.registrationNumber}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('application.dashboard.choice')}</dt>
            <dd>
              {data.vacancy
                ? `${data.vacancy.agency} — ${data.vacancy.position}, ${data.vacancy.location} (${data.vacancy.formasiType})`
                : t('application.dashboard.noChoice')}
            </dd>
          </div>
        </dl>
        {data.registrationNumber ? (
          <p>
            <a href="/lamaran/kartu" download>
              {t('application.dashboard.card')}
            </a>
          </p>
        ) : null}
        {data.cardCheckPath ? (
          <p>
            <Link to={data.cardCheckPath}>{t('application.dashboard.cardCheck')}</Link>
          </p>
        ) : null}
      </Card>
      {draft ? (
        <Card title={t('application.steps.label')}>
          <ApplicationSteps steps={data.steps} workHistoryOptional={data.kind === 'CPNS'} />
          {next ? (
            <p>
              <Link to={next.path} className="btn btn-primary">
                {t('application.dashboard.continue', { step: t(`application.steps.${next.key}`) })}
              </Link>
            </p>
          ) : null}
        </Card>
      ) : null}
      <Card title={t('application.dashboard.history')}>
        {data.events.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('application.dashboard.when')}</th>
                  <th scope="col">{t('application.status.label')}</th>
                  <th scope="col">{t('application.dashboard.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at, { timeZone, locale })}</td>
                    <td>{t(`application.status.${e.status}`)}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('application.dashboard.noHistory')}</p>
        )}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Lamaran saya · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
