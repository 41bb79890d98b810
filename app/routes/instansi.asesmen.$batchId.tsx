import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ProgressBar, ScoreDistribution } from '~/components/assessment-charts'
import {
  addPanelMember,
  assessorsAvailableFor,
  assignBatch,
  decideCorrection,
  findUserIdByEmail,
  getBatchForPanel,
  scheduleSession,
} from '~/models/assessment.server'
import { inviteStaff } from '~/models/user.server'
import { listUniversities } from '~/models/selection.server'
import { requirePanel } from '~/utils/assessment-panel.server'
import { actorFrom } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

/** One batch for the panel: assessors and declarations, assignment, progress, scores, corrections, sessions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePanel(request)
  const data = await getBatchForPanel(params.batchId ?? '', scope)
  if (!data) throw notFound()
  const [available, universities] = await Promise.all([assessorsAvailableFor(data.batch.agencyId, data.batch.subjectKind), listUniversities()])
  return json({
    ...data,
    available: available.filter((a) => !data.members.some((m) => m.userId === a.userId)),
    universities: universities.map((u) => ({ id: u.id, name: u.name })),
    result: new URL(request.url).searchParams.get('hasil'),
  })
}

const id = z.string().trim().min(1).max(64)
const Schemas = {
  addMember: z.object({ userId: id }),
  invite: z.object({ name: z.string().trim().min(3).max(120), email: z.string().trim().email().max(200), universityId: id }),
  assign: z.object({}),
  decide: z.object({ requestId: id, decision: z.enum(['approve', 'reject']), note: z.string().trim().min(5).max(500) }),
  schedule: z.object({
    candidateId: id,
    // datetime-local in WIB (the form says so): "2026-12-10T09:00".
    startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
    place: z.string().trim().max(200).optional(),
    link: z.union([z.literal(''), z.string().trim().url().max(300).refine((u) => u.startsWith('https://'))]).optional(),
  }),
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scope } = await requirePanel(request)
  const form = Object.fromEntries(await request.formData())
  const actor = { ...actorFrom(request, context, user), actorId: user.id }
  const batchId = params.batchId ?? ''
  const intent = String(form.intent ?? '') as keyof typeof Schemas
  const schema = Schemas[intent]
  if (!schema) throw new Response('Bad request', { status: 400 })
  const parsed = schema.safeParse(form)
  if (!parsed.success) return json({ intent, error: `assessment.panel.errors.${intent}` }, { status: 400 })
  const done = (hasil: string) => redirect(`/instansi/asesmen/${batchId}?hasil=${hasil}`)
  const fail = (error: string, status = 409) => json({ intent, error }, { status })

  if (intent === 'addMember' || intent === 'invite') {
    let userId: string | null
    if (intent === 'invite') {
      const v = parsed.data as z.infer<typeof Schemas.invite>
      const batch = await getBatchForPanel(batchId, scope)
      if (!batch) throw notFound()
      userId = await findUserIdByEmail(v.email)
      const hasRole = userId ? (await assessorsAvailableFor(batch.batch.agencyId, batch.batch.subjectKind)).some((a) => a.userId === userId) : false
      if (!hasRole) {
        const invited = await inviteStaff(user, { email: v.email, name: v.name, role: 'ASSESSOR', agencyId: batch.batch.agencyId, universityId: v.universityId }, actor)
        if (!invited.ok) return fail(invited.error)
        userId = invited.userId
      }
    } else {
      userId = (parsed.data as z.infer<typeof Schemas.addMember>).userId
    }
    const added = await addPanelMember(batchId, userId!, scope, actor)
    if (!added) throw notFound()
    return added.ok ? done('asesor') : fail(added.error)
  }
  if (intent === 'assign') {
    const result = await assignBatch(batchId, scope, actor)
    if (!result) throw notFound()
    return result.ok ? done(result.short ? 'dibagi-kurang' : 'dibagi') : fail(result.error)
  }
  if (intent === 'decide') {
    const v = parsed.data as z.infer<typeof Schemas.decide>
    const decided = await decideCorrection(v.requestId, v.decision === 'approve', v.note, scope, actor)
    if (!decided) throw notFound()
    return done(v.decision === 'approve' ? 'koreksi-disetujui' : 'koreksi-ditolak')
  }
  const v = parsed.data as z.infer<typeof Schemas.schedule>
  // The form's local time is WIB (UTC+7), as the label says.
  const startsAt = new Date(`${v.startsAt}:00+07:00`)
  const scheduled = await scheduleSession(batchId, v.candidateId, { startsAt, place: v.place || null, link: v.link || null }, scope, actor)
  if (!scheduled) throw notFound()
  return done('dijadwalkan')
}

export default function PanelBatch() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const when = (d: string | null) => (d ? formatDateTime(d, { locale, timeZone }) : '—')
  const undeclared = data.members.filter((m) => !m.declaredAt).length
  const adjudications = data.candidates.filter((c) => c.assignments.some((a) => a.role === 'ADJUDICATOR'))
  return (
    <>
      <PageHeader title={data.batch.name} lead={`${data.position.code} · ${data.position.agencyName}`} />
      <p>
        {data.batch.openingId ? (
          <Link to={`/instansi/magang/${data.batch.openingId}`}>{t('internshipRules.interview.back')}</Link>
        ) : (
          <Link to="/instansi/asesmen">{t('assessment.panel.back')}</Link>
        )}{' '}
        ·{' '}
        <a href={`/instansi/asesmen/${data.batch.id}/ekspor`} download>
          {t('assessment.panel.exportXlsx')}
        </a>
      </p>
      {data.result ? <Alert tone="success">{t(`assessment.panel.results.${data.result}`)}</Alert> : null}
      {actionData?.error ? <Alert tone="error">{t(actionData.error)}</Alert> : null}

      <Card title={t('assessment.panel.progress')}>
        <ProgressBar done={data.progress.submitted} total={data.progress.assignments} label={t('assessment.panel.progressLabel')} />
        <p>{t('assessment.panel.finalCount', { final: data.progress.final, total: data.progress.candidates })}</p>
        <p>{t(`assessment.rules.${data.config.finalScoreRule}`, { gap: data.config.gapThreshold })}</p>
        <p className="hint">{t('assessment.panel.perCandidate', { count: data.config.assessorsPerCandidate })}</p>
      </Card>

      <Card title={t('assessment.panel.distribution')}>
        <ScoreDistribution assessors={data.members.map((m) => ({ name: m.name, totals: m.totals }))} />
      </Card>

      <Card title={t('assessment.panel.members')}>
        <div className="table-wrap" tabIndex={0}>
          <table aria-label={t('assessment.panel.members')}>
            <thead>
              <tr>
                <th scope="col">{t('assessment.panel.assessor')}</th>
                <th scope="col">{t('assessment.panel.institution')}</th>
                <th scope="col">{t('assessment.panel.declaration')}</th>
                <th scope="col">{t('assessment.panel.assigned')}</th>
                <th scope="col">{t('assessment.panel.submitted')}</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.name}
                    <br />
                    <span className="hint">{m.email}</span>
                  </th>
                  <td>{m.institution ?? '—'}</td>
                  <td>{m.declaredAt ? <Badge tone="ok">{when(m.declaredAt)}</Badge> : <Badge tone="warn">{t('assessment.panel.notDeclared')}</Badge>}</td>
                  <td>{m.assigned}</td>
                  <td>{m.submitted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data.available.length ? (
          <Form method="post" className="grid">
            <input type="hidden" name="intent" value="addMember" />
            <SelectField label={t('assessment.panel.addExisting')} name="userId" options={data.available.map((a) => ({ value: a.userId, label: `${a.name} — ${a.institution ?? ''} (${a.email})` }))} />
            <p>
              <Button variant="secondary" disabled={busy}>
                {t('assessment.panel.add')}
              </Button>
            </p>
          </Form>
        ) : null}
        <details>
          <summary>{t('assessment.panel.inviteTitle')}</summary>
          <p className="hint">{t('assessment.panel.inviteHint')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="invite" />
            <Field label={t('assessment.panel.name')} name="name" required />
            <Field label={t('assessment.panel.email')} name="email" type="email" required />
            <SelectField label={t('assessment.panel.institution')} name="universityId" options={data.universities.map((u) => ({ value: u.id, label: u.name }))} required />
            <Button variant="secondary" disabled={busy}>
              {t('assessment.panel.invite')}
            </Button>
          </Form>
        </details>
        <Form method="post">
          <input type="hidden" name="intent" value="assign" />
          <p className="hint">{undeclared ? t('assessment.panel.assignHintUndeclared', { count: undeclared }) : t('assessment.panel.assignHint')}</p>
          <Button disabled={busy}>{t('assessment.panel.assign')}</Button>
        </Form>
      </Card>

      {data.corrections.length ? (
        <Card title={t('assessment.panel.corrections')}>
          {data.corrections.map((r) => (
            <Form method="post" key={r.id} className="card">
              <input type="hidden" name="intent" value="decide" />
              <input type="hidden" name="requestId" value={r.id} />
              <p>
                <strong className="mono">{r.code}</strong> · {r.assessor} · {t('assessment.total')} {r.total} · {when(r.requestedAt)}
              </p>
              <p>{r.reason}</p>
              <Field label={t('assessment.panel.decisionNote')} name="note" required />
              <Button name="decision" value="approve" disabled={busy}>
                {t('assessment.panel.approve')}
              </Button>{' '}
              <Button name="decision" value="reject" variant="danger" disabled={busy}>
                {t('assessment.panel.reject')}
              </Button>
            </Form>
          ))}
        </Card>
      ) : null}

      <Card title={t('assessment.panel.adjudications')}>
        {adjudications.length ? (
          <ul>
            {adjudications.map((c) => {
              const a = c.assignments.find((x) => x.role === 'ADJUDICATOR')!
              return (
                <li key={c.id}>
                  <span className="mono">{c.code}</span>: {t('assessment.panel.adjudicationBy', { name: a.assessor })}{' '}
                  {a.submittedAt ? <Badge tone="ok">{t('assessment.submittedFinal')}</Badge> : <Badge tone="warn">{t('assessment.notScored')}</Badge>}
                </li>
              )
            })}
          </ul>
        ) : (
          <p>{t('assessment.panel.noAdjudications')}</p>
        )}
      </Card>

      <Card title={t('assessment.panel.candidatesTitle')}>
        <div className="table-wrap" tabIndex={0}>
          <table aria-label={t('assessment.panel.candidatesTitle')}>
            <thead>
              <tr>
                <th scope="col">{t('assessment.code')}</th>
                <th scope="col">{t('assessment.panel.candidate')}</th>
                <th scope="col">{t('assessment.panel.scores')}</th>
                <th scope="col">{t('assessment.panel.final')}</th>
                <th scope="col">{t('assessment.session')}</th>
              </tr>
            </thead>
            <tbody>
              {data.candidates.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="mono">
                    {c.code}
                  </th>
                  <td>
                    {c.name}
                    <br />
                    <span className="hint">{c.registrationNumber}</span>
                    {c.conflicts.length ? (
                      <p className="hint">
                        {t('assessment.panel.conflicts')}: {c.conflicts.map((x) => `${x.assessor} (${t(`assessment.conflictReasons.${x.reason}`)})`).join('; ')}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    <ul className="stack">
                      {c.assignments.map((a) => (
                        <li key={a.id}>
                          {a.assessor} ({t(`assessment.roles.${a.role}`)}): {a.submittedAt ? a.total : t('assessment.notScored')}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {c.finalScore !== null ? (
                      <>
                        {c.finalScore} {c.eliminated ? <Badge tone="bad">{t('assessment.eliminatedBadge')}</Badge> : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {c.sessionStartsAt ? (
                      <p>
                        {when(c.sessionStartsAt)}
                        {c.sessionPlace ? ` · ${c.sessionPlace}` : ''}
                      </p>
                    ) : null}
                    <details>
                      <summary>{t('assessment.panel.schedule')}</summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="schedule" />
                        <input type="hidden" name="candidateId" value={c.id} />
                        <Field label={t('assessment.panel.startsAt')} name="startsAt" type="datetime-local" required />
                        <Field label={t('assessment.panel.place')} name="place" />
                        <Field label={t('assessment.panel.link')} name="link" type="url" />
                        <Button variant="secondary" disabled={busy} aria-label={t('assessment.panel.saveScheduleFor', { code: c.code })}>
                          {t('assessment.panel.saveSchedule')}
                        </Button>
                      </Form>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Batch penilaian · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
