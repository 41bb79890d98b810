import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ZONE_OFFSETS } from '~/domain/exam/sessions'
import { isPlannable } from '~/domain/exam/allocation'
import { createSite, listPeriods, lockPlan, planJobs, planningOverview, startPlanJob } from '~/models/exam-planning.server'
import { RunProgress } from '~/components/ranking'
import { PLANNABLE_BLUEPRINTS, type PlannableBlueprint } from '~/domain/exam/allocation'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useStickyActionData } from '~/utils/use-sticky-action-data'
import { useRootData } from '~/utils/user'

// The national exam admin's planning page (issue 6, ADR 020): per period and test, the test sites
// with rooms, seats and sessions against the candidates who chose them; the allocation run with its
// per-site report (re-runnable until locked); the lock; preparing attempts (the draw) from here.
const PERMISSION = 'manage:exam:any' as const

async function selection(request: Request) {
  const url = new URL(request.url)
  const periods = await listPeriods()
  const periodId = url.searchParams.get('periode') ?? periods[0]?.id ?? ''
  const period = periods.find((p) => p.id === periodId) ?? null
  const test = url.searchParams.get('tes') ?? (period?.kind === 'PPPK' ? 'PPPK_2024' : 'SKD_2024')
  return { periods, period, blueprintCode: (isPlannable(test) ? test : 'SKD_2024') as PlannableBlueprint }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  const { periods, period, blueprintCode } = await selection(request)
  const [overview, jobs] = period ? await Promise.all([planningOverview(period.id, blueprintCode), planJobs(period.id, blueprintCode)]) : [null, []]
  return json({
    periods,
    period,
    blueprintCode,
    overview,
    jobs: jobs.map((j) => ({ id: j.id, kind: j.kind, status: j.status, progress: j.progress, progressStep: j.progressStep, result: j.result as Record<string, number> | null, error: j.error, createdAt: j.createdAt, finishedAt: j.finishedAt })),
    activeJob: jobs.some((j) => j.status === 'QUEUED' || j.status === 'RUNNING'),
  })
}

const SiteSchema = z.object({
  intent: z.literal('createSite'),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{3,20}$/, 'examPlanning.errors.siteCode'),
  name: z.string().trim().min(3, 'examPlanning.errors.required').max(120),
  city: z.string().trim().min(2, 'examPlanning.errors.required').max(80),
  timeZone: z.enum(Object.keys(ZONE_OFFSETS) as [string, ...string[]]),
})
const ActionSchema = z.discriminatedUnion('intent', [
  SiteSchema,
  z.object({ intent: z.literal('allocate') }),
  z.object({ intent: z.literal('lock') }),
  z.object({ intent: z.literal('prepare') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const { period, blueprintCode } = await selection(request)
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message.startsWith('examPlanning.') ? i.message : 'examPlanning.errors.invalid']))
    return json({ intent: 'createSite' as const, ok: false as const, error: 'invalid', fields }, { status: 400 })
  }
  const actor = actorFrom(request, context, user)
  const input = parsed.data
  if (input.intent === 'createSite') {
    const { intent: _intent, ...site } = input
    const result = await createSite(site, actor)
    return json({ intent: input.intent, ...result, fields: result.ok ? {} : { code: 'examPlanning.errors.siteDuplicate' } }, { status: result.ok ? 200 : 400 })
  }
  if (!period) throw new Response('Not found', { status: 404 })
  if (input.intent === 'lock') {
    const result = await lockPlan(period.id, blueprintCode, actor)
    return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 409 })
  }
  // Allocation and preparation run as queued jobs (ADR 020 addendum): the page shows their progress.
  const result = await startPlanJob(period.id, blueprintCode, input.intent === 'allocate' ? 'ALLOCATE' : 'PREPARE', actor)
  if (!result.ok) return json({ intent: input.intent, ...result }, { status: 409 })
  // Post/redirect/get: the page that follows the job is a plain GET, so refreshing it never re-posts.
  return redirect(`/admin/ujian?periode=${period.id}&tes=${blueprintCode}#jobs-heading`)
}

export default function ExamPlanningPage() {
  const { t } = useTranslation()
  const { periods, period, blueprintCode, overview, jobs, activeJob } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  // The progress bar follows the job: with JavaScript the data is re-read every second while a job
  // is queued or running (as the ranking page does); without it, the <noscript> refresh below.
  useEffect(() => {
    if (!activeJob) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1000)
    return () => clearInterval(timer)
  }, [activeJob, revalidator])
  const data = useStickyActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { locale } = useRootData()
  const query = period ? `?periode=${period.id}&tes=${blueprintCode}` : ''
  const fieldError = (name: string) => {
    const key = data && !data.ok && 'fields' in data ? (data.fields as Record<string, string>)[name] : undefined
    return key ? t(key) : undefined
  }
  const totalCapacity = overview?.sites.reduce((n, s) => n + s.capacity, 0) ?? 0
  return (
    <>
      <PageHeader title={t('examPlanning.admin.title')} lead={t('examPlanning.admin.lead')}>
        <p>
          <Link to="/admin/ujian/kisi-kisi">{t('examPlanning.blueprint.title')}</Link> · <Link to="/instansi/akomodasi">{t('examPlanning.nav.accommodation')}</Link>
        </p>
      </PageHeader>
      <Form method="get" className="card">
        <div className="grid">
          <SelectField label={t('examPlanning.admin.period')} name="periode" defaultValue={period?.id} options={periods.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))} />
          <SelectField
            label={t('examPlanning.admin.test')}
            name="tes"
            defaultValue={blueprintCode}
            options={Object.keys(PLANNABLE_BLUEPRINTS).map((code) => ({ value: code, label: t(`examPlanning.tests.${code}`) }))}
          />
        </div>
        <Button type="submit" variant="secondary">
          {t('examPlanning.admin.show')}
        </Button>
      </Form>

      {data?.intent === 'lock' && data.ok ? <Alert tone="success">{t('examPlanning.admin.lockedNow')}</Alert> : null}
      {data?.intent === 'createSite' && data.ok ? <Alert tone="success">{t('examPlanning.admin.siteCreated')}</Alert> : null}
      {data && !data.ok && 'error' in data && data.intent !== 'createSite' ? <Alert tone="error">{t(`examPlanning.errors.${data.error}`)}</Alert> : null}

      {overview && period ? (
        <>
          <section aria-labelledby="summary-heading" className="card">
            <h2 id="summary-heading">{t('examPlanning.admin.summary')}</h2>
            <dl className="summary">
              <div>
                <dt>{t(blueprintCode === 'SKB_CAT_2024' ? 'examPlanning.admin.candidatesSkb' : 'examPlanning.admin.candidates')}</dt>
                <dd data-testid="candidates">{overview.candidates}</dd>
              </div>
              <div>
                <dt>{t('examPlanning.admin.withoutPreference')}</dt>
                <dd>{overview.withoutPreference}</dd>
              </div>
              <div>
                <dt>{t('examPlanning.admin.capacity')}</dt>
                <dd>{totalCapacity}</dd>
              </div>
              <div>
                <dt>{t('examPlanning.admin.attempts')}</dt>
                <dd>{t('examPlanning.admin.attemptsValue', { attempts: overview.attempts, drawn: overview.drawn })}</dd>
              </div>
              <div>
                <dt>{t('examPlanning.admin.status')}</dt>
                <dd>
                  {overview.lockedAt ? (
                    <Badge tone="warn">{t('examPlanning.admin.locked', { at: formatDateTime(overview.lockedAt, { locale }) })}</Badge>
                  ) : (
                    <Badge tone="ok">{t('examPlanning.admin.open')}</Badge>
                  )}
                </dd>
              </div>
            </dl>
            {totalCapacity < overview.candidates ? <Alert tone="warning">{t('examPlanning.admin.capacityShort', { missing: overview.candidates - totalCapacity })}</Alert> : null}
          </section>

          <section aria-labelledby="sites-heading">
            <h2 id="sites-heading">{t('examPlanning.admin.sites')}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('examPlanning.admin.site')}</th>
                    <th scope="col">{t('examPlanning.admin.rooms')}</th>
                    <th scope="col">{t('examPlanning.admin.sessions')}</th>
                    <th scope="col">{t('examPlanning.admin.capacity')}</th>
                    <th scope="col">{t('examPlanning.admin.preferred')}</th>
                    <th scope="col">{t('examPlanning.admin.seated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.sites.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/admin/ujian/lokasi/${s.id}${query}`}>
                          {s.code} — {s.name}
                        </Link>
                        <br />
                        <span className="hint">
                          {s.city}, {s.timeZone}
                        </span>
                      </td>
                      <td>{t('examPlanning.admin.roomsValue', { rooms: s.rooms.length, seats: s.rooms.reduce((n, r) => n + r.seats, 0) })}</td>
                      <td>
                        {s.sessions}
                        {s.firstAt && s.lastAt ? (
                          <>
                            <br />
                            <span className="hint">
                              {formatDateTime(s.firstAt, { locale, timeZone: s.timeZone })} – {formatDateTime(s.lastAt, { locale, timeZone: s.timeZone })}
                            </span>
                          </>
                        ) : null}
                      </td>
                      <td>{s.capacity}</td>
                      <td>{s.preferred}</td>
                      <td>{s.seated}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="allocation-heading" className="card">
            <h2 id="allocation-heading">{t('examPlanning.admin.allocation')}</h2>
            <p>{t('examPlanning.admin.allocationHelp')}</p>
            <Form method="post" className="actions">
              <Button type="submit" name="intent" value="allocate" disabled={busy || Boolean(overview.lockedAt)}>
                {t('examPlanning.admin.runAllocation')}
              </Button>{' '}
              <Button type="submit" name="intent" value="lock" variant="secondary" disabled={busy || Boolean(overview.lockedAt) || !overview.lastRun}>
                {t('examPlanning.admin.lock')}
              </Button>{' '}
              <Button type="submit" name="intent" value="prepare" variant="secondary" disabled={busy || !overview.lockedAt}>
                {t('examPlanning.admin.prepare')}
              </Button>
            </Form>
            {jobs.length ? (
              <>
                <h3 id="jobs-heading">{t('examPlanning.jobs.title')}</h3>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('examPlanning.jobs.kind')}</th>
                        <th scope="col">{t('examPlanning.jobs.startedAt')}</th>
                        <th scope="col">{t('examPlanning.jobs.status')}</th>
                        <th scope="col">{t('examPlanning.jobs.progress')}</th>
                        <th scope="col">{t('examPlanning.jobs.outcome')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {jobs.map((j) => (
                        <tr key={j.id}>
                          <td>{t(`examPlanning.jobs.kinds.${j.kind}`)}</td>
                          <td>{formatDateTime(j.createdAt, { locale })}</td>
                          <td>
                            <Badge tone={j.status === 'FAILED' ? 'bad' : j.status === 'DONE' ? 'ok' : 'warn'}>{t(`examPlanning.jobs.statuses.${j.status}`)}</Badge>
                          </td>
                          <td>
                            <RunProgress
                              progress={j.progress}
                              step={j.progressStep}
                              label={t('examPlanning.jobs.progressOf', { progress: j.progress, step: t(`examPlanning.jobs.steps.${j.progressStep ?? 'queued'}`, { defaultValue: j.progressStep ?? '' }) })}
                            />
                          </td>
                          <td>
                            {j.status === 'DONE' && j.result
                              ? j.kind === 'ALLOCATE'
                                ? t('examPlanning.admin.allocated', { placed: j.result.placed, unplaced: j.result.unplaced, replaced: j.result.replaced })
                                : t('examPlanning.admin.prepared', { count: j.result.drawn })
                              : j.status === 'FAILED'
                                ? t(`examPlanning.jobs.errors.${j.error}`, { defaultValue: t('examPlanning.jobs.errors.other', { error: j.error }) })
                                : '—'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {activeJob ? (
                  <>
                    {/* Without JavaScript the page reloads itself every 5 seconds while the job runs
                        (a GET, thanks to post/redirect/get); with it, noscript stays inert text. */}
                    <noscript>
                      <meta httpEquiv="refresh" content="5" />
                    </noscript>
                    <p className="hint">
                      {t('examPlanning.jobs.refreshNote')} <Link to={`/admin/ujian${query}#jobs-heading`}>{t('examPlanning.jobs.refreshNow')}</Link>
                    </p>
                  </>
                ) : null}
              </>
            ) : null}
            {overview.lastRun ? (
              <>
                <h3>{t('examPlanning.admin.lastRun', { at: formatDateTime(overview.lastRun.createdAt, { locale }), placed: overview.lastRun.placed, unplaced: overview.lastRun.unplaced })}</h3>
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">{t('examPlanning.admin.reportCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('examPlanning.admin.site')}</th>
                        <th scope="col">{t('examPlanning.admin.capacity')}</th>
                        <th scope="col">{t('examPlanning.admin.preferred')}</th>
                        <th scope="col">{t('examPlanning.admin.placed')}</th>
                        <th scope="col">{t('examPlanning.admin.placedAsPreferred')}</th>
                        <th scope="col">{t('examPlanning.admin.movedAway')}</th>
                        <th scope="col">{t('examPlanning.admin.notPlaced')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {overview.lastRun.report.sites.map((r) => (
                        <tr key={r.siteId ?? 'none'}>
                          <td>{r.code ? `${r.code} — ${r.name}` : t('examPlanning.admin.noPreferenceRow')}</td>
                          <td>{r.siteId ? r.capacity : '—'}</td>
                          <td>{r.siteId ? r.preferred : '—'}</td>
                          <td>{r.placed}</td>
                          <td>{r.siteId ? r.placedAsPreferred : '—'}</td>
                          <td>{r.siteId ? r.movedAway : '—'}</td>
                          <td>
                            {r.unplaced.length === 0 ? (
                              '0'
                            ) : (
                              <details>
                                <summary>{r.unplaced.length}</summary>
                                <ul>
                                  {r.unplaced.map((u) => (
                                    <li key={u.registrationNumber}>
                                      {u.registrationNumber} {u.name} — {t(`examPlanning.reasons.${u.reason}`)}
                                    </li>
                                  ))}
                                </ul>
                              </details>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {overview.lastRun.report.unplacedListCapped ? <p className="hint">{t('examPlanning.admin.capped')}</p> : null}
              </>
            ) : (
              <p>{t('examPlanning.admin.noRun')}</p>
            )}
          </section>
        </>
      ) : (
        <p>{t('examPlanning.admin.noPeriod')}</p>
      )}

      <section aria-labelledby="new-site-heading" className="card">
        <h2 id="new-site-heading">{t('examPlanning.admin.newSite')}</h2>
        {data?.intent === 'createSite' && !data.ok ? <Alert tone="error">{t('examPlanning.errors.invalid')}</Alert> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="createSite" />
          <div className="grid">
            <Field label={t('examPlanning.admin.siteCode')} name="code" required maxLength={20} hint={t('examPlanning.admin.siteCodeHint')} errors={fieldError('code')} />
            <Field label={t('examPlanning.admin.siteName')} name="name" required maxLength={120} errors={fieldError('name')} />
            <Field label={t('examPlanning.admin.city')} name="city" required maxLength={80} errors={fieldError('city')} />
            <SelectField label={t('examPlanning.admin.timeZone')} name="timeZone" options={Object.keys(ZONE_OFFSETS).map((z) => ({ value: z, label: t(`examPlanning.zones.${z.replace('/', '_')}`) }))} />
          </div>
          <Button type="submit" disabled={busy}>
            {t('examPlanning.admin.addSite')}
          </Button>
        </Form>
      </section>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Perencanaan ujian CAT — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
