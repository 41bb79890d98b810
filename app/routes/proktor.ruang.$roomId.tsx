import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { REASON_MAX, ReasonForm } from '~/components/reason-form'
import examStyles from '~/styles/exam.css'
import { checkIn, getProctorRoom, listProctorRooms, pauseAttempt, resumeAttempt, roomView } from '~/models/exam.server'
import { disqualificationsOf, disqualifyAttempt, reissuePin, releaseSignInLockout, signInLockouts } from '~/models/exam-planning.server'
import { DIS_REASON_MIN } from '~/domain/exam/attempt-state'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useStickyActionData } from '~/utils/use-sticky-action-data'
import { useRootData } from '~/utils/user'

// The proctor's live room: check-in by scanning the card's QR (a hardware scanner types into the
// field and presses Enter) or typing the number, the PIN shown once, every seat's state polled
// every 5 seconds, pause/resume for a verified outage, DIS, and a PIN re-issued (the old one stops
// working) or a sign-in lockout released for a candidate of the room (ADR 020 addendum).
async function loadRoom(request: Request, roomId: string) {
  const user = await requirePermission(request, 'proctor:session:assigned')
  // Ownership in the query: another proctor's room is a 404.
  const room = await getProctorRoom(roomId, user.id)
  if (!room) throw new Response('Not found', { status: 404 })
  return { user, room }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, room } = await loadRoom(request, params.roomId ?? '')
  const sessions = (await listProctorRooms(user.id)).find((r) => r.room.id === room.id)?.sessions ?? []
  const sessionId = new URL(request.url).searchParams.get('sesi') ?? sessions[0]?.id
  const session = sessionId && sessions.some((s) => s.id === sessionId) ? await roomView(room.id, sessionId) : null
  if (!session) throw new Response('Not found', { status: 404 })
  const [disReasons, lockouts] = await Promise.all([
    disqualificationsOf(session.candidates.filter((c) => c.state === 'DISQUALIFIED').map((c) => c.attemptId)),
    signInLockouts(session.candidates.map((c) => c.participantNumber)),
  ])
  return json({
    room: { id: room.id, code: room.code, name: room.name },
    session: { ...session.session, startsAt: session.session.startsAt.toISOString() },
    candidates: session.candidates.map((c) => ({ ...c, deadline: c.deadline?.toISOString() ?? null, disReason: disReasons.get(c.attemptId) ?? null, lockedOut: lockouts.has(c.participantNumber) })),
  })
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('checkIn'), scanned: z.string().trim().min(1).max(500) }),
  z.object({ intent: z.literal('pause'), attemptId: z.string().min(1), reason: z.string().trim().max(500).default('') }),
  z.object({ intent: z.literal('resume'), attemptId: z.string().min(1) }),
  z.object({ intent: z.literal('disqualify'), attemptId: z.string().min(1), reason: z.string().trim().max(REASON_MAX).default('') }),
  z.object({ intent: z.literal('reissue'), attemptId: z.string().min(1) }),
  z.object({ intent: z.literal('release'), attemptId: z.string().min(1) }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, room } = await loadRoom(request, params.roomId ?? '')
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ intent: 'checkIn' as const, ok: false as const, error: 'unknown' as const }, { status: 400 })
  const actor = actorFrom(request, context, user)
  const input = parsed.data
  if (input.intent === 'checkIn') {
    const result = await checkIn(room.id, input.scanned, actor)
    return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 400 })
  }
  if (input.intent === 'disqualify') {
    // DIS (ADR 020): mandatory reason, audited, the result says DISQUALIFIED.
    const result = await disqualifyAttempt(room.id, input.attemptId, input.reason, actor)
    return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 400 })
  }
  if (input.intent === 'reissue') {
    // A new PIN, shown once; the old one stops working (ADR 020 addendum).
    const result = await reissuePin(room.id, input.attemptId, actor)
    return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 400 })
  }
  if (input.intent === 'release') {
    const result = await releaseSignInLockout(room.id, input.attemptId, actor)
    return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 400 })
  }
  const result = input.intent === 'pause' ? await pauseAttempt(room.id, input.attemptId, input.reason, actor) : await resumeAttempt(room.id, input.attemptId, actor)
  return json({ intent: input.intent, ...result }, { status: result.ok ? 200 : 400 })
}

export default function ProctorRoomPage() {
  const { t } = useTranslation()
  const { room, session, candidates } = useLoaderData<typeof loader>()
  const data = useStickyActionData<typeof action>()
  const revalidator = useRevalidator()
  const busy = useNavigation().state !== 'idle'
  const { locale } = useRootData()
  const scanRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 5000)
    return () => clearInterval(timer)
  }, [revalidator])
  useEffect(() => {
    // Ready for the next scan as soon as one is done.
    if (data?.intent === 'checkIn' && scanRef.current) {
      scanRef.current.value = ''
      scanRef.current.focus()
    }
  }, [data])
  const count = (pred: (c: (typeof candidates)[number]) => boolean) => candidates.filter(pred).length
  return (
    <>
      <PageHeader
        title={`${t('exam.proctor.title')} ${room.code} — ${session.code}`}
        lead={formatDateTime(session.startsAt, { locale, timeZone: 'Asia/Jakarta' })}
      >
        <p>
          <Link to={`/skor/${session.code}`}>{t('exam.proctor.scoreboard')}</Link>
        </p>
      </PageHeader>
      <section aria-labelledby="checkin-heading" className="card">
        <h2 id="checkin-heading">{t('exam.proctor.checkIn')}</h2>
        {session.window === 'notYet' ? <Alert tone="info">{t('exam.proctor.windowNotYet')}</Alert> : null}
        {session.window === 'closed' ? <Alert tone="warning">{t('exam.proctor.windowClosed')}</Alert> : null}
        {data?.intent === 'checkIn' && data.ok ? (
          <Alert tone="success" title={t('exam.proctor.pinIssued', { name: data.name, number: data.participantNumber, pin: '' })}>
            <p className="pin" data-testid="pin">
              {data.pin}
            </p>
            <p>{t('exam.proctor.pinNote')}</p>
          </Alert>
        ) : null}
        {data?.intent === 'reissue' && data.ok ? (
          <Alert tone="success" title={t('examPlanning.proctor.reissued', { name: data.name, number: data.participantNumber })}>
            <p className="pin" data-testid="pin">
              {data.pin}
            </p>
            <p>{t('exam.proctor.pinNote')}</p>
          </Alert>
        ) : null}
        {data?.intent === 'release' && data.ok ? <Alert tone="success">{t('examPlanning.proctor.released', { number: data.participantNumber })}</Alert> : null}
        {data && !data.ok ? (
          <Alert tone="error">
            {data.intent === 'disqualify'
              ? t(`examPlanning.dis.errors.${data.error}`, { min: DIS_REASON_MIN })
              : data.intent === 'reissue' || data.intent === 'release'
                ? t(`examPlanning.proctor.errors.${data.error}`)
                : t(`exam.proctor.errors.${data.error}`)}
          </Alert>
        ) : null}
        {data?.intent === 'pause' && data.ok ? <Alert tone="success">{t('exam.proctor.paused')}</Alert> : null}
        {data?.intent === 'resume' && data.ok ? <Alert tone="success">{t('exam.proctor.resumed')}</Alert> : null}
        {data?.intent === 'disqualify' && data.ok ? <Alert tone="success">{t('examPlanning.dis.done')}</Alert> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="checkIn" />
          <div className="field">
            <label htmlFor="scanned">{t('exam.proctor.scan')}</label>
            <input id="scanned" name="scanned" ref={scanRef} autoComplete="off" required disabled={session.window !== 'open'} />
          </div>
          <Button type="submit" disabled={busy || session.window !== 'open'}>
            {t('exam.proctor.issue')}
          </Button>
        </Form>
      </section>
      <section aria-labelledby="live-heading">
        <h2 id="live-heading">{t('exam.proctor.live')}</h2>
        <p className="hint">{t('exam.proctor.refreshNote')}</p>
        <p role="status">
          {t('exam.proctor.counts', {
            checkedIn: count((c) => c.checkedIn),
            running: count((c) => c.state === 'IN_PROGRESS' || c.state === 'PAUSED'),
            done: count((c) => ['FINISHED', 'AUTO_SUBMITTED', 'SCORED'].includes(c.state)),
            absent: count((c) => c.state === 'ABSENT'),
          })}{' '}
          {t('examPlanning.dis.count', { count: count((c) => c.state === 'DISQUALIFIED') })}
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('exam.proctor.seat')}</th>
                <th scope="col">{t('exam.proctor.number')}</th>
                <th scope="col">{t('exam.proctor.name')}</th>
                <th scope="col">{t('exam.proctor.status')}</th>
                <th scope="col">{t('exam.proctor.progress')}</th>
                <th scope="col">{t('exam.proctor.score')}</th>
                <th scope="col">{t('exam.proctor.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <tr key={c.attemptId}>
                  <td>{c.seatNumber}</td>
                  <td>{c.participantNumber}</td>
                  <td>{c.name}</td>
                  <td>
                    <Badge tone={c.state === 'ABSENT' || c.state === 'DISQUALIFIED' ? 'bad' : c.state === 'PAUSED' ? 'warn' : c.state === 'SCORED' ? 'ok' : 'neutral'}>
                      {c.state === 'DISQUALIFIED'
                        ? t('examPlanning.dis.state')
                        : c.state === 'IN_PROGRESS' && c.answered === 0
                          ? t('examPlanning.states.started')
                          : t(`exam.states.${c.state === 'NOT_STARTED' && c.checkedIn ? 'CHECKED_IN' : c.state}`)}
                    </Badge>
                    {c.disReason ? <div className="hint">{c.disReason}</div> : null}
                    {c.lockedOut ? (
                      <div>
                        <Badge tone="bad">{t('examPlanning.proctor.locked')}</Badge>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {c.answered} / {c.itemCount}
                  </td>
                  <td>{c.total ?? '—'}</td>
                  <td>
                    {c.state === 'IN_PROGRESS' ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="pause" />
                        <input type="hidden" name="attemptId" value={c.attemptId} />
                        <label className="visually-hidden" htmlFor={`reason-${c.attemptId}`}>
                          {t('exam.proctor.pauseReason')} ({c.participantNumber})
                        </label>
                        <input id={`reason-${c.attemptId}`} name="reason" placeholder={t('exam.proctor.pauseReason')} />{' '}
                        <Button type="submit" variant="secondary">
                          {t('exam.proctor.pause')}
                        </Button>
                      </Form>
                    ) : null}
                    {c.checkedIn && ['NOT_STARTED', 'IN_PROGRESS', 'PAUSED'].includes(c.state) ? (
                      <AttemptAction intent="reissue" attemptId={c.attemptId} label={t('examPlanning.proctor.reissue')} accessibleName={`${t('examPlanning.proctor.reissue')} ${c.participantNumber}`} />
                    ) : null}
                    {c.lockedOut ? (
                      <AttemptAction intent="release" attemptId={c.attemptId} label={t('examPlanning.proctor.release')} accessibleName={`${t('examPlanning.proctor.release')} ${c.participantNumber}`} />
                    ) : null}
                    {c.state === 'PAUSED' ? (
                      <AttemptAction intent="resume" attemptId={c.attemptId} label={t('exam.proctor.resume')} />
                    ) : null}
                    {c.state !== 'ABSENT' && c.state !== 'DISQUALIFIED' && (c.checkedIn || c.state !== 'NOT_STARTED') ? (
                      <details>
                        <summary>{t('examPlanning.dis.open', { number: c.participantNumber })}</summary>
                        <ReasonForm
                          intent="disqualify"
                          hidden={{ attemptId: c.attemptId }}
                          reasonId={`dis-${c.attemptId}`}
                          reasonLabel={t('examPlanning.dis.reason', { number: c.participantNumber })}
                          minLength={DIS_REASON_MIN}
                          submitLabel={t('examPlanning.dis.submit')}
                          variant="danger"
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
    </>
  )
}

/** One button acting on one candidate's attempt (the action reads `intent` and `attemptId`). */
function AttemptAction({ intent, attemptId, label, accessibleName }: { intent: string; attemptId: string; label: string; accessibleName?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="attemptId" value={attemptId} />
      <Button type="submit" variant="secondary" aria-label={accessibleName}>
        {label}
      </Button>
    </Form>
  )
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: examStyles }]
export const meta: MetaFunction = () => [{ title: 'Ruang ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
