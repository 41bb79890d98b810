import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { campusApplications } from '~/models/internship.server'
import { universityDashboard } from '~/models/internship-placement.server'
import { requireCampus } from '~/utils/internship-route.server'
import { formatDateTime } from '~/utils/time'

// The university PIC's dashboard (issue 9): applications waiting for campus verification, and
// every student's status across agencies, with the XLSX export. Only the PIC's own university.
export async function loader({ request }: LoaderFunctionArgs) {
  const { universityIds, user } = await requireCampus(request)
  const [waiting, students] = await Promise.all([campusApplications(universityIds, { status: 'SUBMITTED' }), universityDashboard(universityIds)])
  const universities = user.grants.filter((g) => g.role === 'UNIVERSITY_PIC').map((g) => g.universityName)
  return json({ waiting, students, universities })
}

export default function CampusDashboardPage() {
  const { t } = useTranslation()
  const { waiting, students, universities } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={`${t('internship.campus.title')} — ${universities.join(', ')}`} lead={t('internship.campus.lead')}>
        <p>
          <a href="/kampus/ekspor" download>{t('internship.campus.export')}</a>
        </p>
      </PageHeader>
      <h2>{t('internship.campus.waiting')}</h2>
      {waiting.length === 0 ? (
        <p>{t('internship.campus.noWaiting')}</p>
      ) : (
        <table aria-label={t('internship.campus.waiting')}>
          <thead>
            <tr><th scope="col">{t('internship.campus.student')}</th><th scope="col">{t('internship.campus.nim')}</th><th scope="col">{t('internship.campus.agency')}</th><th scope="col">{t('internship.campus.opening')}</th><th scope="col">{t('internship.entries.date')}</th></tr>
          </thead>
          <tbody>
            {waiting.map((a) => (
              <tr key={a.id}>
                <th scope="row"><Link to={`/kampus/lamaran/${a.id}`} aria-label={t('internship.campus.open', { name: a.student })}>{a.student}</Link></th>
                <td>{a.studentNumber}</td>
                <td>{a.agency}</td>
                <td>{a.openingTitle}</td>
                <td>{formatDateTime(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('internship.campus.all')}</h2>
      {students.length === 0 ? (
        <p>{t('internship.campus.none')}</p>
      ) : (
        <table aria-label={t('internship.campus.all')}>
          <thead>
            <tr>
              <th scope="col">{t('internship.campus.student')}</th>
              <th scope="col">{t('internship.campus.nim')}</th>
              <th scope="col">{t('internship.campus.agency')}</th>
              <th scope="col">{t('internship.campus.opening')}</th>
              <th scope="col">{t('internship.campus.status')}</th>
              <th scope="col">{t('internship.campus.progress')}</th>
              <th scope="col">{t('internship.evaluation.finalScore')}</th>
              <th scope="col">{t('internship.evaluation.sks')}</th>
            </tr>
          </thead>
          <tbody>
            {students.map((s) => (
              <tr key={s.applicationId}>
                <th scope="row">
                  {s.placementId ? (
                    <Link to={`/kampus/magang/${s.placementId}`} aria-label={t('internship.campus.openPlacement', { name: s.student })}>{s.student}</Link>
                  ) : (
                    <Link to={`/kampus/lamaran/${s.applicationId}`} aria-label={t('internship.campus.open', { name: s.student })}>{s.student}</Link>
                  )}
                </th>
                <td>{s.studentNumber}</td>
                <td>{s.agency}</td>
                <td>{s.openingTitle}</td>
                <td>
                  <Badge>{t(`internship.status.${s.placementStatus ?? s.applicationStatus}`)}</Badge>
                </td>
                <td>{s.placementId ? `${s.logbookApproved}/${s.logbookTotal} · ${s.reportsApproved}/${s.reportsTotal}` : '—'}</td>
                <td>{s.finalScore ?? '—'}</td>
                <td>{s.totalSks ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Mahasiswa magang · Kampus · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
