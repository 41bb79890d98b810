import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { errorKey, useErrorText } from '~/components/registration-steps'
import { getStudentProfile, updateStudentProfile, resubmitApplication, respondToOffer, studentApplications, withdrawApplication, type UploadedDocument } from '~/models/internship.server'
import { placementFor, reviseEntry, submitEntry, type PlacementView } from '~/models/internship-placement.server'
import { DOCUMENT_KINDS, DOCUMENT_RULES } from '~/domain/internship/documents'
import { actorFrom } from '~/utils/request.server'
import { parseDecimal, refuse, requireStudent } from '~/utils/internship-route.server'
import { KB, checkUpload, parseUploadForm } from '~/utils/upload.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { prisma } from '~/utils/db.server'
import { internshipCertificateCode } from '~/utils/internship-certificate.server'
import { interviewSessionsForStudent } from '~/models/internship-interview.server'
import { ReportSchedule } from '~/components/internship-rules'
import { studentShortTests } from '~/models/internship-test.server'
import { ShortTestStartError, StudentShortTest } from '~/components/internship-short-test'

// The student's area (issue 9): applications and offers, the running placement with its logbook
// and monthly reports, and the certificate at the end.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStudent(request)
  const [profile, applications] = await Promise.all([getStudentProfile(user.id), studentApplications(user.id)])
  const placementIds = applications.map((a) => a.placementId).filter((x): x is string => !!x)
  const placements = (await Promise.all(placementIds.map((id) => placementFor(id, { studentId: user.id })))).filter((p): p is PlacementView => !!p)
  const university = profile ? await prisma.university.findUnique({ where: { id: profile.universityId }, select: { name: true } }) : null
  const interviews = await interviewSessionsForStudent(user.id)
  return json({
    interviews,
    profile: profile ? { studentNumber: profile.studentNumber, studyProgramCode: profile.studyProgramCode, level: profile.level, semester: profile.semester, gpa: Number(profile.gpa), university: university?.name ?? '' } : null,
    applications,
    placements: placements.map((p) => ({ ...p, certificateCode: p.hasCertificate ? internshipCertificateCode(p.id) : null })),
    shortTests: await studentShortTests(user.id),
  })
}

const EntrySchema = z.object({
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(10).max(5000),
  hours: z.union([z.literal(''), z.coerce.number().int().min(1).max(60)]).optional(),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStudent(request)
  const actor = actorFrom(request, context, user)
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    // Resubmitting after the campus returned the application: only the replaced documents.
    const upload = await parseUploadForm(request, { maxPartBytes: 1024 * KB, maxRequestBytes: 6 * 1024 * KB })
    if (upload.requestTooLarge) return json({ ok: false as const, error: errorKey('application.errors.upload.tooLarge', { maxKb: 6 * 1024, format: 'PDF/JPG' }) }, { status: 413 })
    const documents: UploadedDocument[] = []
    for (const kind of DOCUMENT_KINDS) {
      const value = upload.formData.get(kind)
      const empty = !value || typeof value === 'string' || (value.size === 0 && !value.name)
      if (empty && !upload.oversize.has(kind)) continue
      const rule = DOCUMENT_RULES[kind]
      const check = await checkUpload(upload, kind, { format: rule.format, maxBytes: rule.maxKb * KB })
      if (!check.ok) return json({ ok: false as const, error: errorKey(`application.errors.${check.problem}`, { maxKb: check.maxKb, format: check.format }) }, { status: 400 })
      documents.push({ kind, bytes: check.bytes, type: check.type, fileName: check.fileName })
    }
    const result = await resubmitApplication({ studentId: user.id, applicationId: String(upload.formData.get('applicationId') ?? ''), documents }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
    return redirect('/magang/saya?pesan=resubmitted')
  }
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const applicationId = String(form.get('applicationId') ?? '')
  if (intent === 'accept' || intent === 'decline') {
    const result = await respondToOffer({ studentId: user.id, applicationId, accept: intent === 'accept' }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'alreadyAccepted' ? 409 : result.error === 'notFound' ? 404 : 400)
    return redirect(`/magang/saya?pesan=${intent === 'accept' ? 'accepted' : 'declined'}`)
  }
  if (intent === 'profile') {
    // Each term the student updates semester and GPA; applications keep the values they were sent with.
    const profile = await getStudentProfile(user.id)
    const semester = Number(form.get('semester'))
    const gpa = parseDecimal(form.get('gpa'))
    if (!profile || !Number.isInteger(semester) || semester < 1 || semester > 14 || gpa === null || Number.isNaN(gpa) || gpa < 0 || gpa > 4) return refuse('invalid')
    await updateStudentProfile(user.id, { studyProgramCode: profile.studyProgramCode, semester, gpa, phone: profile.phone }, actor)
    return redirect('/magang/saya?pesan=profile')
  }
  if (intent === 'withdraw') {
    await withdrawApplication(user.id, applicationId, actor)
    return redirect('/magang/saya')
  }
  if (intent === 'log' || intent === 'report' || intent === 'revise') {
    const parsed = EntrySchema.safeParse(Object.fromEntries(form))
    if (!parsed.success) return refuse('invalid')
    const hours = parsed.data.hours === '' || parsed.data.hours === undefined ? null : parsed.data.hours
    if (intent === 'revise') {
      const result = await reviseEntry({ studentId: user.id, entryId: String(form.get('entryId') ?? ''), title: parsed.data.title, body: parsed.data.body, hours }, actor)
      if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
      return redirect('/magang/saya?pesan=revised')
    }
    const dateText = String(form.get('date') ?? '')
    const date = /^\d{4}-\d{2}-\d{2}$/.test(dateText) ? new Date(`${dateText}T00:00:00Z`) : new Date(NaN)
    if (intent === 'log' && Number.isNaN(date.getTime())) return refuse('invalid')
    const month = intent === 'report' ? Number(form.get('month')) : null
    const result = await submitEntry(
      { studentId: user.id, placementId: String(form.get('placementId') ?? ''), kind: intent === 'log' ? 'LOGBOOK' : 'MONTHLY_REPORT', date, month, title: parsed.data.title, body: parsed.data.body, hours },
      actor,
    )
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
    return redirect('/magang/saya?pesan=saved')
  }
  return refuse('invalid')
}

const MESSAGES: Record<string, string> = {
  resubmitted: 'internship.student.resubmitted',
  accepted: 'internship.student.accepted',
  declined: 'internship.student.declined',
  revised: 'internship.entries.revised',
  saved: 'internship.entries.saved',
  profile: 'internship.student.profileSaved',
}

export default function StudentAreaPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const { profile, applications, placements, interviews, shortTests } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const message = params.get('terkirim') ? 'internship.apply.sent' : MESSAGES[params.get('pesan') ?? '']
  return (
    <div>
      <PageHeader title={t('internship.student.title')} />
      {message && !data ? <Alert tone="success">{t(message)}</Alert> : null}
      {data && !data.ok ? <Alert tone="error">{errorText(data.error)}</Alert> : null}
      <ShortTestStartError />
      {profile ? (
        <section className="card" aria-label={t('internship.student.profile')}>
          <h2>{t('internship.student.profile')}</h2>
          <p>
            {profile.university} · NIM {profile.studentNumber} · {profile.level} {profile.studyProgramCode} · {t('internship.register.semester')} {profile.semester} · IPK {profile.gpa.toFixed(2)}
          </p>
          <details>
            <summary>{t('internship.student.updateProfile')}</summary>
            <Form method="post">
              <Field label={t('internship.register.semester')} name="semester" inputMode="numeric" defaultValue={String(profile.semester)} required />
              <Field label={t('internship.register.gpa')} name="gpa" defaultValue={profile.gpa.toFixed(2)} required hint={t('internship.register.gpaHint')} />
              <Button name="intent" value="profile" variant="secondary">{t('internship.student.updateProfile')}</Button>
            </Form>
          </details>
        </section>
      ) : null}
      {placements.map((p) => (
        <PlacementSection key={p.id} placement={p} />
      ))}
      <h2>{t('internship.student.applications')}</h2>
      {applications.length === 0 ? (
        <p>
          {t('internship.student.noApplications')} <Link to="/magang">{t('internship.student.browse')}</Link>
        </p>
      ) : null}
      {applications.map((a) => (
        <section key={a.id} className="card" aria-label={`${a.openingTitle} — ${a.agency}`}>
          <h3>{a.openingTitle}</h3>
          <p>
            {a.agency} · {a.unit} · <Badge tone={a.status === 'ACCEPTED' ? 'ok' : a.status === 'CAMPUS_RETURNED' || a.status === 'OFFERED' ? 'warn' : 'neutral'}>{t(`internship.status.${a.status}`)}</Badge>
          </p>
          {interviews
            .filter((i) => i.applicationId === a.id && a.status === 'SHORTLISTED')
            .map((i) => (
              <p key={i.startsAt}>
                {t('internshipRules.interview.studentSession', { when: formatDateTime(i.startsAt) })}
                {i.place ? ` · ${t('internshipRules.interview.studentPlace', { place: i.place })}` : ''}
                {i.link ? (
                  <>
                    {' · '}
                    <a href={i.link} rel="noreferrer" target="_blank">{t('internshipRules.interview.studentLink')}</a>
                  </>
                ) : null}
              </p>
            ))}
          {shortTests[a.id] ? <StudentShortTest applicationId={a.id} {...shortTests[a.id]!} /> : null}
          {a.status === 'OFFERED' && a.offerDeadline ? (
            <>
              <p>{t('internship.student.offerUntil', { when: formatDateTime(a.offerDeadline) })}</p>
              <Form method="post" className="inline-actions">
                <input type="hidden" name="applicationId" value={a.id} />
                <Button name="intent" value="accept">{t('internship.student.accept')}</Button>{' '}
                <Button name="intent" value="decline" variant="secondary">{t('internship.student.decline')}</Button>
              </Form>
            </>
          ) : null}
          {a.status === 'CAMPUS_RETURNED' ? (
            <>
              <Alert tone="warning">{t('internship.student.returnedNote', { note: a.campusNote ?? '' })}</Alert>
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="applicationId" value={a.id} />
                <p className="hint">{t('internship.student.replaceHint')}</p>
                <ul>
                  {a.documents.map((d) => (
                    <li key={d.id}>{t(`internship.docs.${d.kind}`)}: <a href={`/magang/dokumen/${d.id}`} target="_blank" rel="noreferrer">{d.fileName}</a></li>
                  ))}
                </ul>
                {DOCUMENT_KINDS.map((kind) => (
                  <div className="field" key={kind}>
                    <label htmlFor={`re-${a.id}-${kind}`}>{t(`internship.docs.${kind}`)}</label>
                    <input id={`re-${a.id}-${kind}`} type="file" name={kind} accept={DOCUMENT_RULES[kind].format === 'JPG' ? 'image/jpeg,.jpg,.jpeg' : 'application/pdf,.pdf'} />
                  </div>
                ))}
                <Button>{t('internship.student.resubmit')}</Button>
              </Form>
            </>
          ) : null}
          {['SUBMITTED', 'CAMPUS_RETURNED', 'CAMPUS_VERIFIED', 'SHORTLISTED'].includes(a.status) ? (
            <Form method="post">
              <input type="hidden" name="applicationId" value={a.id} />
              <Button name="intent" value="withdraw" variant="link">{t('internship.student.withdraw')}</Button>
            </Form>
          ) : null}
        </section>
      ))}
    </div>
  )
}

function PlacementSection({ placement: p }: { placement: PlacementView & { certificateCode: string | null } }) {
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  // Report n covers placement month n and opens in its last week (ADR 019 addendum).
  const nextReport = p.reportSchedule.find((r) => r.state === 'OPEN' || r.state === 'OVERDUE')
  const upcoming = p.reportSchedule.find((r) => r.state === 'NOT_YET_OPEN')
  const nextMonth = nextReport?.month
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return (
    <section className="card" aria-label={t('internship.student.placement')}>
      <h2>{t('internship.student.placement')}: {p.openingTitle}</h2>
      <p>
        {p.agency} · {p.unit} · <Badge tone={p.status === 'COMPLETED' ? 'ok' : 'neutral'}>{t(`internship.status.${p.status}`)}</Badge>
      </p>
      <p>
        {t('internship.student.period')}: {formatDate(`${p.startsAt}T00:00:00Z`)} – {formatDate(`${p.endsAt}T00:00:00Z`)} · {t('internship.student.mentor')}: {p.mentor ?? t('internship.student.noMentor')} · {t('internship.student.dpl')}: {p.dpl ?? t('internship.student.noMentor')}
      </p>
      {p.attendanceRate !== null ? <p>{t('internship.attendance.rate', { rate: p.attendanceRate })}</p> : null}
      {p.status === 'COMPLETED' ? (
        <>
          <p>
            {t('internship.evaluation.finalScore')}: <strong>{p.finalScore}</strong> ({p.grade}) · {t('internship.evaluation.total')}: {p.totalSks}
          </p>
          {p.hasCertificate ? (
            <p>
              <a href={`/magang/sertifikat/${p.id}`} download>{t('internship.certificate.download')}</a>
              {p.certificateCode ? (
                <>
                  {' · '}
                  <Link to={`/magang/sertifikat/cek/${p.certificateCode}`}>{t('internship.certificate.checkLink')}</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </>
      ) : null}
      <h3>{t('internship.entries.logbook')}</h3>
      <EntryList entries={p.logbook} editable={p.status === 'ACTIVE'} />
      {p.status === 'ACTIVE' ? (
        // Keyed by the count, so a sent form closes and starts empty.
        <details key={`log-${p.logbook.length}`}>
          <summary>{t('internship.entries.addLog')}</summary>
          <Form method="post">
            <input type="hidden" name="placementId" value={p.id} />
            <Field label={t('internship.entries.date')} name="date" type="date" defaultValue={today} required />
            <Field label={t('internship.entries.title')} name="title" required maxLength={200} />
            <div className="field">
              <label htmlFor={`log-body-${p.id}`}>{t('internship.entries.body')}</label>
              <textarea id={`log-body-${p.id}`} name="body" rows={4} required maxLength={5000} />
            </div>
            <Field label={t('internship.entries.hours')} name="hours" inputMode="numeric" />
            <Button name="intent" value="log" disabled={busy}>{t('internship.entries.send')}</Button>
          </Form>
        </details>
      ) : null}
      <h3>{t('internship.entries.reports')}</h3>
      {p.status === 'ACTIVE' ? <ReportSchedule schedule={p.reportSchedule} /> : null}
      <EntryList entries={p.reports} editable={p.status === 'ACTIVE'} />
      {p.status === 'ACTIVE' && !nextReport && upcoming ? (
        <p>{t('internshipRules.reports.notOpenYet', { month: upcoming.month, date: formatDate(`${upcoming.opensOn}T00:00:00Z`) })}</p>
      ) : null}
      {p.status === 'ACTIVE' && nextMonth ? (
        <details key={`report-${p.reports.length}`}>
          <summary>{t('internship.entries.addReport')}</summary>
          <Form method="post">
            <input type="hidden" name="placementId" value={p.id} />
            <input type="hidden" name="month" value={nextMonth} />
            <p>{t('internshipRules.reports.next', { month: nextReport!.month, from: formatDate(`${nextReport!.from}T00:00:00Z`), to: formatDate(`${nextReport!.to}T00:00:00Z`), due: formatDate(`${nextReport!.dueOn}T00:00:00Z`) })}</p>
            <Field label={t('internship.entries.reportTitle')} name="title" required maxLength={200} />
            <div className="field">
              <label htmlFor={`report-body-${p.id}`}>{t('internship.entries.body')}</label>
              <textarea id={`report-body-${p.id}`} name="body" rows={6} required maxLength={5000} />
            </div>
            <Button name="intent" value="report" disabled={busy}>{t('internship.entries.send')}</Button>
          </Form>
        </details>
      ) : null}
    </section>
  )
}

function EntryList({ entries, editable }: { entries: PlacementView['logbook']; editable: boolean }) {
  const { t } = useTranslation()
  if (entries.length === 0) return <p>{t('internship.entries.none')}</p>
  return (
    <div>
      {entries.map((e) => (
        <article key={e.id} className="entry" aria-label={e.title}>
          <h4>
            {e.month ? `${t('internship.entries.month')} ${e.month}: ` : `${formatDate(`${e.entryDate}T00:00:00Z`)}: `}
            {e.title}{' '}
            <Badge tone={e.status === 'APPROVED' ? 'ok' : e.status === 'RETURNED' ? 'bad' : 'neutral'}>{t(`internship.entries.status.${e.status}`)}</Badge>
            {e.revision > 1 ? <small> ({t('internship.entries.revision', { n: e.revision })})</small> : null}
          </h4>
          <p>{e.body}</p>
          {e.reviewComment ? <p><em>{t('internship.entries.comment', { comment: e.reviewComment })}</em></p> : null}
          {editable && e.status === 'RETURNED' ? (
            <Form method="post">
              <input type="hidden" name="entryId" value={e.id} />
              <Field label={t('internship.entries.title')} name="title" defaultValue={e.title} required maxLength={200} />
              <div className="field">
                <label htmlFor={`revise-${e.id}`}>{t('internship.entries.body')}</label>
                <textarea id={`revise-${e.id}`} name="body" rows={6} defaultValue={e.body} required maxLength={5000} />
              </div>
              <input type="hidden" name="hours" value={e.hours ?? ''} />
              <Button name="intent" value="revise">{t('internship.entries.revise')}</Button>
            </Form>
          ) : null}
        </article>
      ))}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Magang saya · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
