import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { applicationForStaff, campusDecide } from '~/models/internship.server'
import { actorFrom } from '~/utils/request.server'
import { notFound, refuse, requireCampus } from '~/utils/internship-route.server'

// Campus verification (issue 9): the PIC confirms the student is active and approves the SR and
// SPTJM, or returns the application with a reason. Another university's application is a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { universityIds } = await requireCampus(request)
  const application = await applicationForStaff(params.applicationId ?? '', { universityIds })
  if (!application) notFound()
  return json({ application })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, universityIds } = await requireCampus(request)
  const form = await request.formData()
  const approve = form.get('intent') === 'approve'
  if (approve && form.get('active') !== 'on') return refuse('confirmRequired')
  const result = await campusDecide(
    { applicationId: params.applicationId ?? '', universityIds, approve, note: String(form.get('note') ?? '') },
    actorFrom(request, context, user),
  )
  if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
  return redirect(`/kampus/lamaran/${params.applicationId}?pesan=${approve ? 'approved' : 'returned'}`)
}

export default function CampusVerificationPage() {
  const { t } = useTranslation()
  const { application: a } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const message = params.get('pesan')
  const error = data && !data.ok ? (data.error === 'internship.errors.confirmRequired' ? 'internship.campus.confirmRequired' : data.error) : null
  return (
    <div className="narrow">
      <PageHeader title={`${t('internship.campus.verifyTitle')}: ${a.student}`} lead={t('internship.campus.verifyLead')} />
      {message && !data ? <Alert tone="success">{t(`internship.campus.${message === 'approved' ? 'approved' : 'returned'}`)}</Alert> : null}
      {error ? <Alert tone="error">{t(error)}</Alert> : null}
      <table>
        <tbody>
          <tr><th scope="row">{t('internship.campus.status')}</th><td><Badge>{t(`internship.status.${a.status}`)}</Badge></td></tr>
          <tr><th scope="row">{t('internship.campus.nim')}</th><td>{a.studentNumber}</td></tr>
          <tr><th scope="row">{t('internship.register.university')}</th><td>{a.university}</td></tr>
          <tr><th scope="row">{t('internship.register.studyProgram')}</th><td>{a.studyProgram}</td></tr>
          <tr><th scope="row">{t('internship.register.semester')}</th><td>{a.semester}</td></tr>
          <tr><th scope="row">IPK</th><td>{a.gpa.toFixed(2)}</td></tr>
          <tr><th scope="row">{t('internship.campus.opening')}</th><td>{a.openingTitle} — {a.agency}</td></tr>
          <tr><th scope="row">{t('internship.apply.motivation')}</th><td>{a.motivation}</td></tr>
          {a.campusNote ? <tr><th scope="row">{t('internship.campus.returnReason')}</th><td>{a.campusNote}</td></tr> : null}
        </tbody>
      </table>
      <h2>{t('internship.apply.documents')}</h2>
      <ul>
        {a.documents.map((d) => (
          <li key={d.id}>
            {t(`internship.docs.${d.kind}`)}: <a href={`/kampus/dokumen/${d.id}`} target="_blank" rel="noreferrer">{t('internship.campus.view')} {d.fileName}</a>
          </li>
        ))}
      </ul>
      {a.status === 'SUBMITTED' ? (
        <>
          <Form method="post" className="card">
            <div className="field checkbox">
              <input id="active" type="checkbox" name="active" />
              <label htmlFor="active">{t('internship.campus.confirmActive')}</label>
            </div>
            <Button name="intent" value="approve">{t('internship.campus.approve')}</Button>
          </Form>
          <Form method="post" className="card">
            <div className="field">
              <label htmlFor="note">{t('internship.campus.returnReason')}</label>
              <textarea id="note" name="note" rows={3} maxLength={1000} />
            </div>
            <Button name="intent" value="return" variant="secondary">{t('internship.campus.return')}</Button>
          </Form>
        </>
      ) : null}
      <p><Link to="/kampus">{t('internship.campus.title')}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Verifikasi kampus · Magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
