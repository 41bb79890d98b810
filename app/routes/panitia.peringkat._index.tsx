import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RunProgress } from '~/components/ranking'
import { listRuns, startRankingRun, stagesFor } from '~/models/ranking.server'
import { listPeriods } from '~/models/selection.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'manage:ranking:any' as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  const url = new URL(request.url)
  const periods = (await listPeriods()).map((p) => ({ id: p.id, name: p.name, kind: p.kind }))
  const period = periods.find((p) => p.id === url.searchParams.get('periode')) ?? periods[0] ?? null
  const runs = period ? await listRuns(period.id) : []
  return json({
    periods,
    period,
    stages: period ? stagesFor(period.kind) : [],
    started: url.searchParams.get('dimulai') === '1',
    runs: runs.map((r) => ({
      id: r.id,
      stage: r.stage,
      status: r.status,
      progress: r.progress,
      progressStep: r.progressStep,
      entryCount: r.entryCount,
      createdAt: r.createdAt,
      normalisation: r.normalisation,
      error: r.error,
      publication: r.publications[0] ? { status: r.publications[0].status, version: r.publications[0].version } : null,
    })),
  })
}

const StartSchema = z.object({
  periodId: z.string().min(1).max(64),
  stage: z.enum(['SKD', 'FINAL', 'PPPK']),
  normalisation: z.enum(['NONE', 'EQUIPERCENTILE']).default('NONE'),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const parsed = StartSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ error: 'notFound' }, { status: 400 })
  const result = await startRankingRun(parsed.data, actorFrom(request, context, user))
  if (!result.ok) return json({ error: result.error }, { status: 409 })
  return redirect(`/panitia/peringkat?periode=${parsed.data.periodId}&dimulai=1`)
}

export default function RankingRunsPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { locale, timeZone } = useRootData()
  const revalidator = useRevalidator()
  const active = data.runs.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING')
  // The progress bar follows the job: re-read the page every second while a run is active.
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1000)
    return () => clearInterval(timer)
  }, [active, revalidator])

  return (
    <>
      <PageHeader title={t('ranking.title')} lead={t('ranking.intro')} />
      <Form method="get" className="grid">
        <SelectField label={t('ranking.period')} name="periode" options={data.periods.map((p) => ({ value: p.id, label: p.name }))} defaultValue={data.period?.id} />
        <p>
          <Button variant="secondary">{t('ranking.show')}</Button>
        </p>
      </Form>
      {actionData?.error ? <Alert tone="error">{t(`ranking.errors.${actionData.error}`)}</Alert> : null}
      {data.started ? <Alert tone="success">{t('ranking.started')}</Alert> : null}
      {data.period ? (
        <Card title={t('ranking.start')}>
          <Form method="post" className="grid">
            <input type="hidden" name="periodId" value={data.period.id} />
            <SelectField label={t('ranking.stage')} name="stage" options={data.stages.map((s) => ({ value: s, label: t(`ranking.stages.${s}`) }))} />
            {data.stages.includes('SKD') ? (
              <SelectField
                label={t('ranking.normalisation.label')}
                name="normalisation"
                options={[
                  { value: 'NONE', label: t('ranking.normalisation.NONE') },
                  { value: 'EQUIPERCENTILE', label: t('ranking.normalisation.EQUIPERCENTILE') },
                ]}
              />
            ) : null}
            {data.stages.includes('SKD') ? <p className="hint">{t('ranking.normalisation.hint')}</p> : null}
            <p>
              <Button disabled={navigation.state === 'submitting'}>{t('ranking.start')}</Button>
            </p>
          </Form>
        </Card>
      ) : null}
      <Card title={t('ranking.runs')}>
        {data.runs.length ? (
          <div className="table-wrap" tabIndex={0} role="group" aria-label={t('ranking.runs')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('ranking.stage')}</th>
                  <th scope="col">{t('ranking.createdAt')}</th>
                  <th scope="col">{t('ranking.status')}</th>
                  <th scope="col">{t('ranking.progress')}</th>
                  <th scope="col">{t('ranking.entries')}</th>
                  <th scope="col">{t('ranking.publication')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('ranking.open')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {t(`ranking.stages.${r.stage}`)}
                      {r.normalisation !== 'NONE' ? <p className="hint">{t(`ranking.normalisation.${r.normalisation}`)}</p> : null}
                    </td>
                    <td>{formatDateTime(r.createdAt, { locale, timeZone })}</td>
                    <td>
                      <Badge tone={r.status === 'DRAFT' ? 'ok' : r.status === 'FAILED' ? 'bad' : 'warn'}>{t(`ranking.statuses.${r.status}`)}</Badge>
                      {r.error ? <p className="hint">{r.error}</p> : null}
                    </td>
                    <td>
                      <RunProgress progress={r.progress} step={r.progressStep} />
                    </td>
                    <td>{r.entryCount.toLocaleString(locale)}</td>
                    <td>{r.publication ? `${t(`ranking.pubStatuses.${r.publication.status}`)} (${t('ranking.version', { version: r.publication.version })})` : '—'}</td>
                    <td>
                      {r.status === 'DRAFT' ? (
                        <Link to={`/panitia/peringkat/${r.id}`} aria-label={t('ranking.openRun', { stage: t(`ranking.stages.${r.stage}`), date: formatDateTime(r.createdAt, { locale, timeZone }) })}>
                          {t('ranking.open')}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('ranking.noRuns')}</p>
        )}
        {active ? (
          <p>
            <Link to={`/panitia/peringkat?periode=${data.period?.id ?? ''}`}>{t('ranking.show')}</Link>
          </p>
        ) : null}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pemeringkatan · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
