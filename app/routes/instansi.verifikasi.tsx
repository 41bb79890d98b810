import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agenciesWith } from '~/domain/identity/roles'
import { SettingsSchema, percentDone } from '~/domain/verification/rules'
import {
  addReason,
  deactivateReason,
  getSettings,
  listReasons,
  periodsOfAgencies,
  progressByPosition,
  publishAnnouncement,
  saveSettings,
} from '~/models/verification.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// The agency's verification desk (agency admins, who also form the sanggah panel): progress per
// position with a progress bar, the XLSX/CSV export, the announcement of each position's frozen
// list, and the verification settings (second-verifier sample, claim length, TMS reasons).
const PERMISSION = 'decide:objection:agency' as const
const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const agencyIds = agenciesWith(user.grants, PERMISSION)
  const agencies = [...new Map(user.grants.filter((g) => g.agencyId && agencyIds.includes(g.agencyId)).map((g) => [g.agencyId!, g.agencyName ?? g.agencyId!])).entries()].map(
    ([id, name]) => ({ id, name }),
  )
  const url = new URL(request.url)
  const askedAgency = url.searchParams.get('instansi')
  if (askedAgency && !agencyIds.includes(askedAgency)) throw notFound()
  const agencyId = askedAgency ?? agencies[0]?.id ?? null
  const periods = agencyId ? await periodsOfAgencies([agencyId]) : []
  const askedPeriod = url.searchParams.get('periode')
  const periodId = periods.find((p) => p.id === askedPeriod)?.id ?? periods.find((p) => p.isDemo)?.id ?? periods[0]?.id ?? null
  const progress = agencyId && periodId ? await progressByPosition(periodId, agencyId) : []
  const settings = agencyId ? await getSettings(agencyId) : null
  const reasons = agencyId ? await listReasons(agencyId) : []
  return json({ agencies, agencyId, periods, periodId, progress, settings, reasons, now: new Date().toISOString() })
}

const ReasonSchema = z.object({ label: z.string().trim().min(5, 'verification.errors.reasonLabel').max(200, 'verification.errors.reasonLabel') })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const agencyIds = agenciesWith(user.grants, PERMISSION)
  const actor = actorFrom(request, context, user)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  const agencyId = String(formData.get('agencyId') ?? '')
  const back = String(formData.get('back') ?? '/instansi/verifikasi')
  const safeBack = back.startsWith('/instansi/verifikasi') ? back : '/instansi/verifikasi'

  if (intent === 'announce' || intent === 'announcePost') {
    const result = await publishAnnouncement(
      { positionId: String(formData.get('positionId') ?? ''), agencyIds, kind: intent === 'announce' ? 'ADMINISTRATION' : 'POST_OBJECTION' },
      actor,
    )
    if (!result.ok && result.error === 'notFound') throw notFound()
    if (!result.ok) return json({ intent, error: result.error, detail: 'detail' in result ? result.detail : null }, { status: 409 })
    return redirect(`/pengumuman/${result.announcementId}`)
  }
  if (!agencyIds.includes(agencyId)) throw notFound()
  if (intent === 'settings') {
    const parsed = SettingsSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return json({ intent, error: 'settings', fields: parsed.error.issues.map((i) => ({ path: String(i.path[0]), message: i.message })) }, { status: 400 })
    await saveSettings(agencyId, parsed.data, actor)
    return redirect(`${safeBack}${safeBack.includes('?') ? '&' : '?'}hasil=pengaturan`)
  }
  if (intent === 'addReason') {
    const parsed = ReasonSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return json({ intent, error: 'reason', fields: [{ path: 'label', message: parsed.error.issues[0]!.message }] }, { status: 400 })
    await addReason(agencyId, parsed.data.label, actor)
    return redirect(safeBack)
  }
  if (intent === 'deactivateReason') {
    if (!(await deactivateReason([agencyId], String(formData.get('reasonId') ?? ''), actor))) throw notFound()
    return redirect(safeBack)
  }
  throw new Response('Bad request', { status: 400 })
}

export default function AgencyVerificationPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const back = `/instansi/verifikasi?${params.toString()}`
  const fieldError = (name: string) => {
    const fields = actionData && 'fields' in actionData ? (actionData.fields as { path: string; message: string }[]) : []
    const found = fields.find((f) => f.path === name)
    return found ? t(found.message) : null
  }
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')
  const now = new Date(data.now)
  return (
    <>
      <PageHeader title={t('verification.agency.title')} lead={t('verification.agency.lead')} />
      {params.get('hasil') === 'pengaturan' ? <Alert tone="success">{t('verification.agency.settingsSaved')}</Alert> : null}
      {params.get('hasil') === 'panel' ? <Alert tone="success">{t('verification.agency.panelSaved')}</Alert> : null}
      {actionData && 'error' in actionData && (actionData.intent === 'announce' || actionData.intent === 'announcePost') ? (
        <Alert tone="error">{t(`verification.publishErrors.${actionData.error}`, ('detail' in actionData ? (actionData.detail ?? {}) : {}) as Record<string, unknown>)}</Alert>
      ) : null}
      {!data.agencies.length ? <Alert tone="warning">{t('verification.agency.noAgency')}</Alert> : null}

      <Form method="get" className="inline-form">
        <SelectField label={t('verification.agency.agency')} name="instansi" defaultValue={data.agencyId ?? ''} options={data.agencies.map((a) => ({ value: a.id, label: a.name }))} />
        <SelectField label={t('verification.agency.period')} name="periode" defaultValue={data.periodId ?? ''} options={data.periods.map((p) => ({ value: p.id, label: p.name }))} />
        <Button variant="secondary">{t('verification.agency.show')}</Button>
      </Form>

      <Card title={t('verification.agency.progress')}>
        {data.progress.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('verification.agency.position')}</th>
                  <th scope="col">{t('verification.agency.done')}</th>
                  <th scope="col">{t('verification.agency.remaining')}</th>
                  <th scope="col">MS</th>
                  <th scope="col">TMS</th>
                  <th scope="col">{t('verification.agency.announcement')}</th>
                </tr>
              </thead>
              <tbody>
                {data.progress.map((p) => {
                  const pct = percentDone(p.decided, p.total)
                  const objectionOpen = p.objectionClosesAt ? now <= new Date(p.objectionClosesAt) : false
                  return (
                    <tr key={p.positionId}>
                      <th scope="row">
                        {p.name} <span className="hint">({p.code})</span>
                      </th>
                      <td>
                        <progress max={100} value={pct} aria-label={t('verification.agency.progressOf', { position: p.name })}>
                          {pct} %
                        </progress>{' '}
                        {t('verification.agency.doneOf', { done: p.decided, total: p.total, pct })}
                      </td>
                      <td>
                        {p.total - p.decided}
                        {p.inReview ? ` (${t('verification.agency.inReview', { count: p.inReview })})` : ''}
                        {p.panel ? ` (${t('verification.agency.atPanel', { count: p.panel })})` : ''}
                      </td>
                      <td>{p.ms}</td>
                      <td>{p.tms}</td>
                      <td>
                        {p.announcementId ? (
                          <>
                            <Link to={`/pengumuman/${p.announcementId}`}>{t('verification.agency.announcedAt', { when: when(p.announcedAt) })}</Link>
                            {p.postAnnouncementId ? (
                              <>
                                <br />
                                <Link to={`/pengumuman/${p.postAnnouncementId}`}>{t('verification.agency.postAnnouncedAt', { when: when(p.postAnnouncedAt) })}</Link>
                              </>
                            ) : (
                              <>
                                <br />
                                {objectionOpen
                                  ? t('verification.agency.objectionUntil', { when: when(p.objectionClosesAt) })
                                  : p.postDueAt && now > new Date(p.postDueAt)
                                    ? t('verification.agency.postOverdue', { when: when(p.postDueAt) })
                                    : t('verification.agency.postDue', { when: when(p.postDueAt) })}
                                {p.pendingObjections ? ` · ${t('verification.agency.pendingObjections', { count: p.pendingObjections })}` : ''}
                                <Form method="post">
                                  <input type="hidden" name="intent" value="announcePost" />
                                  <input type="hidden" name="positionId" value={p.positionId} />
                                  <Button variant="secondary" aria-label={t('verification.agency.announcePostFor', { position: p.name })}>
                                    {t('verification.agency.announcePost')}
                                  </Button>
                                </Form>
                              </>
                            )}
                          </>
                        ) : p.total ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="announce" />
                            <input type="hidden" name="positionId" value={p.positionId} />
                            <Button aria-label={t('verification.agency.announceFor', { position: p.name })}>{t('verification.agency.announce')}</Button>
                          </Form>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('verification.agency.noPositions')}</p>
        )}
        {data.agencyId && data.periodId ? (
          <p>
            {t('verification.agency.export')}{' '}
            <a href={`/instansi/verifikasi/ekspor?instansi=${data.agencyId}&periode=${data.periodId}&format=xlsx`} download>
              XLSX
            </a>{' '}
            ·{' '}
            <a href={`/instansi/verifikasi/ekspor?instansi=${data.agencyId}&periode=${data.periodId}&format=csv`} download>
              CSV
            </a>
          </p>
        ) : null}
        <p>
          <Link to="/instansi/sanggah">{t('verification.agency.panelLink')}</Link>
        </p>
      </Card>

      {data.settings && data.agencyId ? (
        <Card title={t('verification.agency.settings')}>
          <Form method="post">
            <input type="hidden" name="intent" value="settings" />
            <input type="hidden" name="agencyId" value={data.agencyId} />
            <input type="hidden" name="back" value={back} />
            <Field
              label={t('verification.agency.samplePercent')}
              name="samplePercent"
              type="number"
              inputMode="numeric"
              defaultValue={String(data.settings.samplePercent)}
              hint={t('verification.agency.sampleHint')}
              errors={fieldError('samplePercent')}
              required
            />
            <Field
              label={t('verification.agency.claimMinutes')}
              name="claimMinutes"
              type="number"
              inputMode="numeric"
              defaultValue={String(data.settings.claimMinutes)}
              hint={t('verification.agency.claimHint')}
              errors={fieldError('claimMinutes')}
              required
            />
            <Button>{t('verification.agency.saveSettings')}</Button>
          </Form>
          <h3>{t('verification.agency.reasons')}</h3>
          <ul>
            {data.reasons.map((r) => (
              <li key={r.code}>
                {r.label} {r.isDefault ? <span className="hint">({t('verification.agency.defaultReason')})</span> : null}
                {r.id ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="deactivateReason" />
                    <input type="hidden" name="agencyId" value={data.agencyId!} />
                    <input type="hidden" name="reasonId" value={r.id} />
                    <input type="hidden" name="back" value={back} />
                    <Button variant="link" aria-label={t('verification.agency.removeReason', { label: r.label })}>
                      {t('verification.agency.remove')}
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="addReason" />
            <input type="hidden" name="agencyId" value={data.agencyId} />
            <input type="hidden" name="back" value={back} />
            <Field label={t('verification.agency.newReason')} name="label" maxLength={200} errors={fieldError('label')} />
            <Button variant="secondary">{t('verification.agency.addReason')}</Button>
          </Form>
        </Card>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Verifikasi dan pengumuman instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
