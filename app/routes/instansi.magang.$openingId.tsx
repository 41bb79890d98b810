import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agencyAct, closeOpening, openingForAgency, type AgencyAction } from '~/models/internship.server'
import { agencyMentors, assignMentor } from '~/models/internship-placement.server'
import { actorFrom } from '~/utils/request.server'
import { notFound, refuse, requireAgencyInternship } from '~/utils/internship-route.server'
import { formatDateTime } from '~/utils/time'
import { withShortTest } from '~/models/internship-test.server'
import { ShortTestScoreLine, ShortTestSummary } from '~/components/internship-short-test'

// One opening's selection (issue 9): applicants verified by their university, shortlist, the
// interview's final score (assessor scoring, `…/wawancara`; ADR 019 addendum) ordering it, offers
// with a deadline, and the mentor of each accepted intern (≤ 10 each).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { agencyIds } = await requireAgencyInternship(request)
  const view = await openingForAgency(params.openingId ?? '', agencyIds)
  if (!view) notFound()
  const tested = await withShortTest(view.opening.id, view.applications, new URL(request.url).searchParams.get('urut') === 'tes')
  return json({ ...view, ...tested, mentors: await agencyMentors([view.opening.agencyId]) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, agencyIds } = await requireAgencyInternship(request)
  const actor = actorFrom(request, context, user)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  if (intent === 'close') {
    if (!(await closeOpening(params.openingId ?? '', agencyIds, actor))) notFound()
    return redirect(`/instansi/magang/${params.openingId}`)
  }
  if (intent === 'mentor') {
    const result = await assignMentor({ placementId: String(form.get('placementId') ?? ''), mentorId: String(form.get('mentorId') ?? ''), agencyIds }, actor)
    if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : result.error === 'mentorFull' ? 409 : 400)
    return redirect(`/instansi/magang/${params.openingId}?pesan=done`)
  }
  const note = String(form.get('note') ?? '').trim().slice(0, 1000)
  const actions: Record<string, () => AgencyAction> = {
    shortlist: () => ({ kind: 'shortlist' }),
    reject: () => ({ kind: 'reject', note }),
    offer: () => ({ kind: 'offer', deadlineDays: Number(form.get('deadlineDays')) }),
  }
  const make = actions[intent]
  if (!make) return refuse('invalid')
  const result = await agencyAct({ applicationId: String(form.get('applicationId') ?? ''), agencyIds, action: make() }, actor)
  if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
  return redirect(`/instansi/magang/${params.openingId}?pesan=done`)
}

export default function AgencyOpeningPage() {
  const { t } = useTranslation()
  const { opening, applications, mentors, shortTest, testScores, offersWaiting } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div>
      <PageHeader title={opening.title} lead={`${opening.agency} · ${opening.unit} · ${t('internship.opening.places')}: ${opening.places}`} />
      {params.get('pesan') === 'created' ? <Alert tone="success">{t('internship.agency.created')}</Alert> : null}
      {params.get('pesan') === 'done' && !data ? <Alert tone="success">{t('internship.agency.done')}</Alert> : null}
      {data && !data.ok ? <Alert tone="error">{t(data.error)}</Alert> : null}
      <p className="short-test-bar">
        <Link to={`/instansi/magang/${opening.id}/wawancara`}>{t('internshipRules.interview.link')}</Link>
        {' · '}
        <Link to={`/instansi/magang/${opening.id}/tes`}>{t('internshipTest.manage')}</Link>
        {shortTest ? <> · <ShortTestSummary test={shortTest} /> · {params.get('urut') === 'tes' ? <Link to="?">{t('internshipTest.orderDefault')}</Link> : <Link to="?urut=tes">{t('internshipTest.orderByTest')}</Link>}</> : null}
      </p>
      {offersWaiting ? <Alert tone="info">{t('internshipRules.interview.offersWaiting', offersWaiting)}</Alert> : null}
      <h2>{t('internship.agency.applicants')}</h2>
      {applications.length === 0 ? <p>{t('internship.agency.noApplicants')}</p> : null}
      {applications.map((a) => (
        <section key={a.id} className="card" aria-label={a.student}>
          <h3>{a.student} <Badge>{t(`internship.status.${a.status}`)}</Badge></h3>
          <p>
            {a.university} · {a.studyProgram} · {t('internship.agency.semester')} {a.semester} · {t('internship.agency.gpa')} {a.gpa.toFixed(2)}
            {a.interviewScore !== null ? ` · ${t('internship.agency.score')}: ${a.interviewScore.toFixed(2)}` : a.status === 'SHORTLISTED' ? ` · ${t('internshipRules.interview.noScore')}` : ''}
            {a.offerDeadline && a.status === 'OFFERED' ? ` · ${t('internship.student.offerUntil', { when: formatDateTime(a.offerDeadline) })}` : ''}
          </p>
          {shortTest ? <ShortTestScoreLine test={shortTest} score={testScores[a.id]} /> : null}
          <p><Link to={`/instansi/magang/lamaran/${a.id}`}>{t('internship.agency.documents')}: {a.student}</Link></p>
          {a.status === 'CAMPUS_VERIFIED' ? (
            <Form method="post">
              <input type="hidden" name="applicationId" value={a.id} />
              <Button name="intent" value="shortlist" aria-label={`${t('internship.agency.shortlist')}: ${a.student}`}>{t('internship.agency.shortlist')}</Button>{' '}
              <Button name="intent" value="reject" variant="secondary" aria-label={`${t('internship.agency.reject')}: ${a.student}`}>{t('internship.agency.reject')}</Button>
            </Form>
          ) : null}
          {a.status === 'SHORTLISTED' ? (
            <>
              <Form method="post" className="inline-form">
                <input type="hidden" name="applicationId" value={a.id} />
                <div className="field">
                  <label htmlFor={`days-${a.id}`}>{t('internship.agency.offerDays')}</label>
                  <input id={`days-${a.id}`} name="deadlineDays" inputMode="numeric" defaultValue="3" required />
                </div>
                <Button name="intent" value="offer" aria-label={`${t('internship.agency.offer')}: ${a.student}`}>{t('internship.agency.offer')}</Button>{' '}
                <Button name="intent" value="reject" variant="secondary" aria-label={`${t('internship.agency.reject')}: ${a.student}`}>{t('internship.agency.reject')}</Button>
              </Form>
            </>
          ) : null}
          {a.placementId ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="placementId" value={a.placementId} />
              <div className="field">
                <label htmlFor={`mentor-${a.id}`}>{t('internship.agency.mentor')}: {a.student}</label>
                <select id={`mentor-${a.id}`} name="mentorId" defaultValue={a.mentorId ?? ''}>
                  <option value="">—</option>
                  {mentors.map((m) => (
                    <option key={m.id} value={m.id}>{t('internship.agency.mentorLoad', { name: m.name, active: m.active, cap: m.cap })}</option>
                  ))}
                </select>
              </div>
              <Button name="intent" value="mentor" variant="secondary">{t('internship.agency.assignMentor')}</Button>
            </Form>
          ) : null}
        </section>
      ))}
      {opening.status === 'OPEN' ? (
        <Form method="post">
          <Button name="intent" value="close" variant="danger">{t('internship.agency.closeOpening')}</Button>
        </Form>
      ) : null}
      <p><Link to="/instansi/magang">{t('internship.agency.title')}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Seleksi magang · Instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
