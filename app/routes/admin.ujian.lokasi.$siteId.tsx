import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { REASON_MAX, ReasonForm } from '~/components/reason-form'
import { DEFAULT_SESSION_PLAN, parseTimes } from '~/domain/exam/sessions'
import {
  addRoom,
  cancelExamSession,
  generateSessions,
  moveCandidate,
  moveTargets,
  planningOverview,
  retimeExamSession,
  sessionCandidates,
  sessionOfAttempt,
  siteAndPeriod,
  siteSessions,
} from '~/models/exam-planning.server'
import { CHANGE_REASON_MIN } from '~/domain/exam/sessions'
import { isPlannable, type PlannableBlueprint } from '~/domain/exam/allocation'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// One test site in the plan (issue 6, ADR 020): its rooms and seats (with the proctor of each
// room), the session calendar generated from a date range (4 a day, 2 on Fridays by default, the
// times editable), and the sessions with seats taken; a session's time changed or the session
// cancelled with a reason, and one candidate moved to another session with a reason (ADR 020
// addendum — the rules are in app/domain/exam/sessions.ts).
const PERMISSION = 'manage:exam:any' as const

async function context(request: Request, siteId: string) {
  const url = new URL(request.url)
  const periodId = url.searchParams.get('periode') ?? ''
  const test = url.searchParams.get('tes') ?? 'SKD_2024'
  const { site, period } = await siteAndPeriod(siteId, periodId)
  if (!site || !period || !isPlannable(test)) throw new Response('Not found', { status: 404 })
  return { site, period, blueprintCode: test as PlannableBlueprint }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  const { site, period, blueprintCode } = await context(request, params.siteId ?? '')
  const overview = await planningOverview(period.id, blueprintCode)
  const sessions = await siteSessions(period.id, blueprintCode, site.id)
  // The candidates of one session of this site (?sesi=), with where they may be moved.
  const chosen = sessions.find((s) => s.id === new URL(request.url).searchParams.get('sesi') && s.status === 'SCHEDULED') ?? null
  const [candidates, targets] = chosen ? await Promise.all([sessionCandidates(chosen.id), moveTargets(period.id, blueprintCode, chosen.id)]) : [[], []]
  return json({
    site,
    period,
    blueprintCode,
    locked: Boolean(overview.lockedAt),
    rooms: overview.sites.find((s) => s.id === site.id)?.rooms ?? [],
    sessions,
    chosen: chosen ? { id: chosen.id, code: chosen.code, candidates, targets } : null,
    defaults: { times: DEFAULT_SESSION_PLAN.times.join(', '), fridayTimes: DEFAULT_SESSION_PLAN.fridayTimes.join(', ') },
  })
}

const times = (key: string) =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const parsed = parseTimes(text)
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: key })
        return z.NEVER
      }
      return parsed
    })
const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('addRoom'),
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{1,10}$/, 'examPlanning.errors.roomCode'),
    name: z.string().trim().min(1, 'examPlanning.errors.required').max(80),
    seats: z.coerce.number({ error: 'examPlanning.errors.seats' }).int('examPlanning.errors.seats').min(1, 'examPlanning.errors.seats').max(500, 'examPlanning.errors.seats'),
    proctorEmail: z
      .string()
      .trim()
      .max(254)
      .transform((v) => v || null)
      .pipe(z.email('examPlanning.errors.proctor').nullable()),
  }),
  z.object({
    intent: z.literal('generate'),
    firstDay: z.string().trim(),
    lastDay: z.string().trim(),
    times: times('examPlanning.calendar.timeFormat'),
    fridayTimes: times('examPlanning.calendar.timeFormat'),
    weekdaysOnly: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
  }),
  z.object({ intent: z.literal('retime'), sessionId: z.string().min(1).max(64), newTime: z.string().trim().max(5) }),
  z.object({ intent: z.literal('cancel'), sessionId: z.string().min(1).max(64), reason: z.string().trim().max(REASON_MAX) }),
  z.object({ intent: z.literal('move'), attemptId: z.string().min(1).max(64), targetSessionId: z.string().min(1).max(64), reason: z.string().trim().max(REASON_MAX) }),
])

export async function action({ request, params, context: ctx }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const { site, period, blueprintCode } = await context(request, params.siteId ?? '')
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message.startsWith('examPlanning.') ? i.message : 'examPlanning.errors.invalid']))
    return json({ ok: false as const, fields, error: null }, { status: 400 })
  }
  const actor = actorFrom(request, ctx, user)
  const input = parsed.data
  if (input.intent === 'addRoom') {
    const result = await addRoom({ siteId: site.id, code: input.code, name: input.name, seats: input.seats, proctorEmail: input.proctorEmail }, actor)
    return result.ok
      ? json({ ok: true as const, message: 'examPlanning.site.roomAdded', created: 0, existing: 0, fields: {}, error: null })
      : json({ ok: false as const, fields: { [result.error === 'proctor' ? 'proctorEmail' : 'code']: `examPlanning.errors.room_${result.error}` }, error: null }, { status: 400 })
  }
  if (input.intent === 'retime' || input.intent === 'cancel' || input.intent === 'move') {
    // The session (or the candidate's session) must be one of this site's in this plan: the URL's
    // site, period and test are what the admin is looking at.
    const mine = await siteSessions(period.id, blueprintCode, site.id)
    const sessionId = input.intent === 'move' ? await sessionOfAttempt(input.attemptId) : input.sessionId
    if (!sessionId || !mine.some((s) => s.id === sessionId)) throw new Response('Not found', { status: 404 })
    const change =
      input.intent === 'retime'
        ? await retimeExamSession(sessionId, input.newTime, actor)
        : input.intent === 'cancel'
          ? await cancelExamSession(sessionId, input.reason, actor)
          : await moveCandidate(input.attemptId, input.targetSessionId, input.reason, actor)
    if (!change.ok) return json({ ok: false as const, fields: {}, error: `examPlanning.changes.errors.${change.error}` }, { status: 409 })
    const message =
      'participantNumber' in change
        ? { message: 'examPlanning.changes.moved', number: change.participantNumber }
        : 'removed' in change
          ? { message: 'examPlanning.changes.cancelledNow', count: change.removed }
          : { message: 'examPlanning.changes.retimed', count: change.notified }
    return json({ ok: true as const, created: 0, existing: 0, fields: {}, error: null, ...message })
  }
  const result = await generateSessions({ periodId: period.id, blueprintCode, siteId: site.id, firstDay: input.firstDay, lastDay: input.lastDay, times: input.times, fridayTimes: input.fridayTimes, weekdaysOnly: input.weekdaysOnly }, actor)
  return result.ok
    ? json({ ok: true as const, message: 'examPlanning.calendar.generated', created: result.created, existing: result.existing, fields: {}, error: null })
    : json({ ok: false as const, fields: {}, error: `examPlanning.calendar.${result.error}` }, { status: 400 })
}

export default function ExamSitePage() {
  const { t } = useTranslation()
  const { site, period, blueprintCode, rooms, sessions, defaults, chosen } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { locale } = useRootData()
  const fieldError = (name: string) => {
    const key = data && !data.ok ? (data.fields as Record<string, string>)[name] : undefined
    return key ? t(key) : undefined
  }
  return (
    <>
      <PageHeader title={`${site.code} — ${site.name}`} lead={t('examPlanning.site.lead', { city: site.city, zone: site.timeZone, period: period.name, test: t(`examPlanning.tests.${blueprintCode}`) })}>
        <p>
          <Link to={`/admin/ujian?periode=${period.id}&tes=${blueprintCode}`}>{t('examPlanning.site.back')}</Link>
        </p>
      </PageHeader>
      {data?.ok ? <Alert tone="success">{t(data.message, { created: data.created, existing: data.existing, count: 'count' in data ? data.count : 0, number: 'number' in data ? data.number : '' })}</Alert> : null}
      {data && !data.ok && data.error ? <Alert tone="error">{t(data.error)}</Alert> : null}

      <section aria-labelledby="rooms-heading" className="card">
        <h2 id="rooms-heading">{t('examPlanning.site.rooms')}</h2>
        {rooms.length === 0 ? <p>{t('examPlanning.site.noRooms')}</p> : null}
        {rooms.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('examPlanning.site.roomCode')}</th>
                  <th scope="col">{t('examPlanning.site.roomName')}</th>
                  <th scope="col">{t('examPlanning.site.seats')}</th>
                  <th scope="col">{t('examPlanning.site.proctor')}</th>
                </tr>
              </thead>
              <tbody>
                {rooms.map((r) => (
                  <tr key={r.id}>
                    <td>{r.code}</td>
                    <td>{r.name}</td>
                    <td>{r.seats}</td>
                    <td>{r.proctorEmail ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <h3>{t('examPlanning.site.addRoom')}</h3>
        <Form method="post">
          <input type="hidden" name="intent" value="addRoom" />
          <div className="grid">
            <Field label={t('examPlanning.site.roomCode')} name="code" required maxLength={10} errors={fieldError('code')} />
            <Field label={t('examPlanning.site.roomName')} name="name" required maxLength={80} errors={fieldError('name')} />
            <Field label={t('examPlanning.site.seats')} name="seats" type="number" inputMode="numeric" required errors={fieldError('seats')} />
            <Field label={t('examPlanning.site.proctorEmail')} name="proctorEmail" type="email" hint={t('examPlanning.site.proctorHint')} errors={fieldError('proctorEmail')} />
          </div>
          <Button type="submit" disabled={busy}>
            {t('examPlanning.site.addRoomButton')}
          </Button>
        </Form>
      </section>

      <section aria-labelledby="calendar-heading" className="card">
        <h2 id="calendar-heading">{t('examPlanning.calendar.title')}</h2>
        <p>{t('examPlanning.calendar.help')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="generate" />
          <div className="grid">
            <Field label={t('examPlanning.calendar.firstDay')} name="firstDay" type="date" required />
            <Field label={t('examPlanning.calendar.lastDay')} name="lastDay" type="date" required />
            <Field label={t('examPlanning.calendar.times')} name="times" defaultValue={defaults.times} hint={t('examPlanning.calendar.timesHint')} errors={fieldError('times')} />
            <Field label={t('examPlanning.calendar.fridayTimes')} name="fridayTimes" defaultValue={defaults.fridayTimes} errors={fieldError('fridayTimes')} />
          </div>
          <div className="field checkbox">
            <input type="checkbox" id="weekdaysOnly" name="weekdaysOnly" />
            <label htmlFor="weekdaysOnly">{t('examPlanning.calendar.weekdaysOnly')}</label>
          </div>
          <Button type="submit" disabled={busy}>
            {t('examPlanning.calendar.generate')}
          </Button>
        </Form>
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('examPlanning.site.sessions', { count: sessions.filter((s) => s.status === 'SCHEDULED').length })}</h2>
        <p className="hint">{t('examPlanning.changes.rules')}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('examPlanning.site.sessionCode')}</th>
                <th scope="col">{t('examPlanning.site.startsAt')}</th>
                <th scope="col">{t('examPlanning.admin.capacity')}</th>
                <th scope="col">{t('examPlanning.admin.seated')}</th>
                <th scope="col">{t('examPlanning.changes.status')}</th>
                <th scope="col">{t('examPlanning.changes.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.status === 'SCHEDULED' ? <Link to={`?periode=${period.id}&tes=${blueprintCode}&sesi=${s.id}#candidates-heading`}>{s.code}</Link> : s.code}
                  </td>
                  <td>{formatDateTime(s.startsAt, { locale, timeZone: site.timeZone })}</td>
                  <td>{s.capacity}</td>
                  <td>{s.seated}</td>
                  <td>{s.status === 'CANCELLED' ? t('examPlanning.changes.cancelled', { reason: s.cancelReason ?? '' }) : t('examPlanning.changes.scheduled')}</td>
                  <td>
                    {s.status === 'SCHEDULED' ? (
                      <details>
                        <summary>{t('examPlanning.changes.actions')} {s.code}</summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="retime" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <div className="field">
                            <label htmlFor={`time-${s.id}`}>{t('examPlanning.changes.newTime', { code: s.code })}</label>
                            <input id={`time-${s.id}`} name="newTime" type="time" required />
                          </div>
                          <Button type="submit" variant="secondary" disabled={busy}>
                            {t('examPlanning.changes.retime')}
                          </Button>
                        </Form>
                        <ReasonForm
                          intent="cancel"
                          hidden={{ sessionId: s.id }}
                          reasonId={`cancel-${s.id}`}
                          reasonLabel={t('examPlanning.changes.cancelReason', { code: s.code })}
                          minLength={CHANGE_REASON_MIN}
                          submitLabel={t('examPlanning.changes.cancel')}
                          variant="danger"
                          disabled={busy}
                        />
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {chosen ? (
        <section aria-labelledby="candidates-heading" className="card">
          <h2 id="candidates-heading">{t('examPlanning.changes.candidates', { code: chosen.code })}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('examPlanning.dashboard.number')}</th>
                  <th scope="col">{t('exam.proctor.name')}</th>
                  <th scope="col">{t('examPlanning.changes.move')}</th>
                </tr>
              </thead>
              <tbody>
                {chosen.candidates.map((c) => (
                  <tr key={c.attemptId}>
                    <td>{c.participantNumber}</td>
                    <td>{c.name}</td>
                    <td>
                      {c.state === 'NOT_STARTED' && !c.checkedIn && chosen.targets.length ? (
                        <ReasonForm
                          intent="move"
                          hidden={{ attemptId: c.attemptId }}
                          reasonId={`move-${c.attemptId}`}
                          reasonLabel={t('examPlanning.changes.moveReason', { number: c.participantNumber })}
                          minLength={CHANGE_REASON_MIN}
                          submitLabel={t('examPlanning.changes.move')}
                          disabled={busy}
                        >
                          <div className="field">
                            <label htmlFor={`target-${c.attemptId}`}>{t('examPlanning.changes.moveTarget', { number: c.participantNumber })}</label>
                            <select id={`target-${c.attemptId}`} name="targetSessionId" required>
                              {chosen.targets.map((target) => (
                                <option key={target.id} value={target.id} disabled={target.free <= 0}>
                                  {t('examPlanning.changes.targetOption', { code: target.code, when: formatDateTime(target.startsAt, { locale, timeZone: target.timeZone }), site: target.siteName, free: target.free })}
                                </option>
                              ))}
                            </select>
                          </div>
                        </ReasonForm>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Titik lokasi ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
