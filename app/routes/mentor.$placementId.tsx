import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, PageHeader, SelectField, Field } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CreditTable, ReviewableEntries } from '~/components/internship-placement'
import { AttendanceEffect, EarlyCompletion, ReportSchedule } from '~/components/internship-rules'
import { placementFor, recordAttendance, reviewPlacementEntry, submitEvaluation } from '~/models/internship-placement.server'
import { FINAL_RUBRIC } from '~/domain/internship/evaluation'
import { ATTENDANCE_STATES, type AttendanceState } from '~/domain/internship/supervision'
import { actorFrom } from '~/utils/request.server'
import { notFound, refuse, requireSupervisor } from '~/utils/internship-route.server'
import { formatDate } from '~/utils/time'

// One intern's supervision (issue 9): review logbook entries and monthly reports (approve or
// return with a comment), record attendance, and — the mentor only — the final evaluation.
async function load(request: Request, placementId: string) {
  const { user, mentor, dpl } = await requireSupervisor(request)
  const asMentor = mentor ? await placementFor(placementId, { mentorId: user.id }) : null
  const placement = asMentor ?? (dpl ? await placementFor(placementId, { dplId: user.id }) : null)
  if (!placement) notFound()
  return { user, placement, role: asMentor ? ('MENTOR' as const) : ('DPL' as const) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { placement, role } = await load(request, params.placementId ?? '')
  return json({ placement, role, rubric: FINAL_RUBRIC })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, placement, role } = await load(request, params.placementId ?? '')
  const actor = actorFrom(request, context, user)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const back = (message: string) => redirect(`/mentor/${placement.id}?pesan=${message}`)
  if (intent === 'approve' || intent === 'return') {
    const result = await reviewPlacementEntry({ entryId: String(form.get('entryId') ?? ''), reviewer: { id: user.id, role }, decision: intent, comment: String(form.get('comment') ?? '') }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
    return back(intent === 'approve' ? 'approved' : 'returned')
  }
  if (role !== 'MENTOR') throw new Response('Forbidden', { status: 403 })
  if (intent === 'attendance') {
    const dayText = String(form.get('day') ?? '')
    const status = String(form.get('status') ?? '') as AttendanceState
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dayText) || !ATTENDANCE_STATES.includes(status)) return refuse('invalid')
    const result = await recordAttendance({ placementId: placement.id, mentorId: user.id, day: new Date(`${dayText}T00:00:00Z`), status }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
    return back('attendance')
  }
  if (intent === 'evaluate') {
    const scores = Object.fromEntries(FINAL_RUBRIC.map((c) => [c.key, Number(String(form.get(`score_${c.key}`) ?? '').trim() || NaN)]))
    const earlyReason = form.has('earlyReason') ? String(form.get('earlyReason') ?? '').slice(0, 1000) : null
    const result = await submitEvaluation({ placementId: placement.id, mentorId: user.id, scores, note: String(form.get('note') ?? '').slice(0, 2000), earlyReason }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
    return back('evaluated')
  }
  return refuse('invalid')
}

const MESSAGES: Record<string, string> = {
  approved: 'internship.review.approved',
  returned: 'internship.review.returned',
  attendance: 'internship.attendance.saved',
  evaluated: 'internship.evaluation.done',
}

export default function SupervisionPage() {
  const { t, i18n } = useTranslation()
  const { placement: p, role, rubric } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const message = MESSAGES[params.get('pesan') ?? '']
  const active = p.status === 'ACTIVE'
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  const early = today < p.evaluationOpensOn
  return (
    <div>
      <PageHeader title={`${p.student} — ${p.openingTitle}`} lead={`${p.university} · ${p.agency} · ${p.unit}`} />
      {message && !data ? <Alert tone="success">{t(message)}</Alert> : null}
      {data && !data.ok ? <Alert tone="error">{t(data.error)}</Alert> : null}
      <p>
        <Badge>{t(`internship.status.${p.status}`)}</Badge> · {t('internship.student.mentor')}: {p.mentor ?? '—'} · {t('internship.student.dpl')}: {p.dpl ?? '—'}
        {p.attendanceRate !== null ? ` · ${t('internship.attendance.rate', { rate: p.attendanceRate })}` : ''}
      </p>
      <h2>{t('internship.entries.logbook')}</h2>
      <ReviewableEntries entries={p.logbook} canReview={active} />
      <EarlyCompletion reason={p.earlyCompletionReason} />
      <h2>{t('internship.entries.reports')}</h2>
      <ReportSchedule schedule={p.reportSchedule} />
      <ReviewableEntries entries={p.reports} canReview={active} />
      {role === 'MENTOR' && active ? (
        <>
          <h2>{t('internship.attendance.title')}</h2>
          <Form method="post" className="card">
            <Field label={t('internship.attendance.day')} name="day" type="date" defaultValue={today} required />
            <SelectField label={t('internship.attendance.status')} name="status" options={ATTENDANCE_STATES.map((s) => ({ value: s, label: t(`internship.attendance.states.${s}`) }))} />
            <Button name="intent" value="attendance" variant="secondary">{t('internship.attendance.save')}</Button>
          </Form>
          <h2>{t('internship.evaluation.title')}</h2>
          <AttendanceEffect effect={p.attendanceEffect} />
          <Form method="post" className="card">
            <p className="hint">{t('internship.evaluation.lead')}</p>
            <p>{t('internshipRules.evaluation.opensOn', { date: formatDate(`${p.evaluationOpensOn}T00:00:00Z`) })}</p>
            {early ? (
              <>
                <Alert tone="warning">{t('internshipRules.evaluation.early')}</Alert>
                <div className="field">
                  <label htmlFor="early-reason">{t('internshipRules.evaluation.earlyReason')}</label>
                  <textarea id="early-reason" name="earlyReason" rows={2} maxLength={1000} />
                </div>
              </>
            ) : null}
            {rubric.map((c) => (
              <Field key={c.key} label={`${i18n.language === 'en' ? c.nameEn : c.name} (${t('internship.evaluation.weight')} ${c.weight}%)`} name={`score_${c.key}`} inputMode="numeric" required />
            ))}
            <div className="field">
              <label htmlFor="evaluation-note">{t('internship.evaluation.note')}</label>
              <textarea id="evaluation-note" name="note" rows={3} maxLength={2000} />
            </div>
            <Button name="intent" value="evaluate">{t('internship.evaluation.submit')}</Button>
          </Form>
        </>
      ) : null}
      {p.credits ? (
        <>
          <h2>{t('internship.evaluation.title')}</h2>
          <p>{t('internship.evaluation.finalScore')}: <strong>{p.finalScore}</strong> ({p.grade})</p>
          {p.hasCertificate ? null : <p>{t('internshipRules.evaluation.noCertificate')}</p>}
          <CreditTable credits={p.credits} total={p.totalSks} />
        </>
      ) : null}
      <p><Link to="/mentor">{t('internship.mentor.title')}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Bimbingan magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
