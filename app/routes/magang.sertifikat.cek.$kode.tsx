import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { maskName } from '~/domain/application/steps'
import { certificateData } from '~/models/internship-placement.server'
import { placementIdFromCertificateCode } from '~/utils/internship-certificate.server'
import { formatDate } from '~/utils/time'

// Public check of an internship certificate's QR code (as the SKD certificate's): the code
// carries an HMAC, so only genuine certificates verify; the name is masked.
export async function loader({ params }: LoaderFunctionArgs) {
  const placementId = placementIdFromCertificateCode(params.kode ?? '')
  const cert = placementId ? await certificateData(placementId) : null
  if (!cert) return json({ cert: null }, { status: 404 })
  return json({
    cert: {
      name: maskName(cert.student),
      university: cert.university,
      agency: cert.agency,
      unit: cert.unit,
      program: cert.openingTitle,
      period: `${formatDate(`${cert.startsAt}T00:00:00Z`)} – ${formatDate(`${cert.endsAt}T00:00:00Z`)}`,
      finalScore: `${cert.finalScore} (${cert.grade})`,
      sks: cert.totalSks,
    },
  })
}

export default function InternshipCertificateCheckPage() {
  const { t } = useTranslation()
  const { cert } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('internship.certificate.checkTitle')} />
      {cert ? (
        <>
          <Alert tone="success">{t('internship.certificate.valid')}</Alert>
          <table>
            <tbody>
              <tr><th scope="row">{t('internship.certificate.name')}</th><td>{cert.name}</td></tr>
              <tr><th scope="row">{t('internship.certificate.university')}</th><td>{cert.university}</td></tr>
              <tr><th scope="row">{t('internship.certificate.agency')}</th><td>{cert.agency}</td></tr>
              <tr><th scope="row">{t('internship.certificate.unit')}</th><td>{cert.unit}</td></tr>
              <tr><th scope="row">{t('internship.certificate.program')}</th><td>{cert.program}</td></tr>
              <tr><th scope="row">{t('internship.certificate.period')}</th><td>{cert.period}</td></tr>
              <tr><th scope="row">{t('internship.certificate.finalScore')}</th><td>{cert.finalScore}</td></tr>
              <tr><th scope="row">{t('internship.certificate.sks')}</th><td>{cert.sks}</td></tr>
            </tbody>
          </table>
        </>
      ) : (
        <Alert tone="error">{t('internship.certificate.invalid')}</Alert>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pemeriksaan sertifikat magang — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
