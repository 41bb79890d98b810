import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { applicationForStaff } from '~/models/internship.server'
import { notFound, requireAgencyInternship } from '~/utils/internship-route.server'

// An applicant's file as the agency sees it: only after campus verification, only its own openings.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { agencyIds } = await requireAgencyInternship(request)
  const application = await applicationForStaff(params.applicationId ?? '', { agencyIds })
  if (!application) notFound()
  return json({ application })
}

export default function AgencyApplicationPage() {
  const { t } = useTranslation()
  const { application: a } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={a.student} lead={`${a.university} · ${a.studyProgram}`} />
      <p><Badge>{t(`internship.status.${a.status}`)}</Badge> · {t('internship.agency.semester')} {a.semester} · {t('internship.agency.gpa')} {a.gpa.toFixed(2)}</p>
      <h2>{t('internship.apply.motivation')}</h2>
      <p>{a.motivation}</p>
      <h2>{t('internship.apply.documents')}</h2>
      <ul>
        {a.documents.map((d) => (
          <li key={d.id}>{t(`internship.docs.${d.kind}`)}: <a href={`/instansi/magang/dokumen/${d.id}`} target="_blank" rel="noreferrer">{d.fileName}</a></li>
        ))}
      </ul>
      <p><Link to={`/instansi/magang/${a.openingId}`}>{a.openingTitle}</Link></p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pelamar magang · Instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
