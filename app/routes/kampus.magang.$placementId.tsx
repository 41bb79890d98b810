import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CreditTable, ReviewableEntries } from '~/components/internship-placement'
import { EarlyCompletion, ReportSchedule } from '~/components/internship-rules'
import { assignDpl, placementFor, universityDpls } from '~/models/internship-placement.server'
import { actorFrom } from '~/utils/request.server'
import { notFound, refuse, requireCampus } from '~/utils/internship-route.server'

// A placement of one of the university's students, as the PIC sees it: progress, the mentor's
// evaluation and the credit conversion per skill; the PIC names the DPL here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { universityIds } = await requireCampus(request)
  const placement = await placementFor(params.placementId ?? '', { universityIds })
  if (!placement) notFound()
  return json({ placement, dpls: await universityDpls([placement.universityId]) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, universityIds } = await requireCampus(request)
  const form = await request.formData()
  const result = await assignDpl({ placementId: params.placementId ?? '', dplId: String(form.get('dplId') ?? ''), universityIds }, actorFrom(request, context, user))
  if (!result.ok) return refuse(result.error, result.error === 'notFound' ? 404 : 400)
  return redirect(`/kampus/magang/${params.placementId}?pesan=dpl`)
}

export default function CampusPlacementPage() {
  const { t } = useTranslation()
  const { placement: p, dpls } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <div>
      <PageHeader title={`${p.student} — ${p.openingTitle}`} lead={`${p.agency} · ${p.unit}`} />
      {data && !data.ok ? <Alert tone="error">{t(data.error)}</Alert> : null}
      <p>
        <Badge>{t(`internship.status.${p.status}`)}</Badge> · {t('internship.student.mentor')}: {p.mentor ?? t('internship.student.noMentor')} · {t('internship.student.dpl')}: {p.dpl ?? t('internship.student.noMentor')}
        {p.attendanceRate !== null ? ` · ${t('internship.attendance.rate', { rate: p.attendanceRate })}` : ''}
      </p>
      {p.status === 'ACTIVE' ? (
        dpls.length ? (
          <Form method="post" className="card">
            <SelectField label={t('internship.campus.dpl')} name="dplId" defaultValue={p.dplId ?? ''} options={dpls.map((d) => ({ value: d.id, label: d.name }))} />
            <Button variant="secondary">{t('internship.campus.dpl')}</Button>
          </Form>
        ) : (
          <p>{t('internship.campus.noDpl')}</p>
        )
      ) : null}
      <EarlyCompletion reason={p.earlyCompletionReason} />
      {p.credits ? (
        <>
          <h2>{t('internship.evaluation.credits')}</h2>
          <p>{t('internship.evaluation.finalScore')}: <strong>{p.finalScore}</strong> ({p.grade})</p>
          <CreditTable credits={p.credits} total={p.totalSks} />
          {p.hasCertificate ? <p><a href={`/magang/sertifikat/${p.id}`} download>{t('internship.certificate.download')}</a></p> : null}
        </>
      ) : null}
      <h2>{t('internship.entries.logbook')}</h2>
      <ReviewableEntries entries={p.logbook} canReview={false} />
      <h2>{t('internship.entries.reports')}</h2>
      <ReportSchedule schedule={p.reportSchedule} />
      <ReviewableEntries entries={p.reports} canReview={false} />
      <p><Link to="/kampus">{t('internship.campus.title')}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Magang mahasiswa · Kampus · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
