import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { maskName } from '~/domain/application/steps'
import { certificateByAttempt } from '~/models/exam.server'
import { attemptIdFromCertificateCode } from '~/utils/exam-certificate.server'
import { formatDate } from '~/utils/time'

// Public check of an SKD certificate's QR: the code carries an HMAC, so only genuine certificates
// verify; the page shows the scores with a masked name.
export async function loader({ params }: LoaderFunctionArgs) {
  const attemptId = attemptIdFromCertificateCode(params.kode ?? '')
  const cert = attemptId ? await certificateByAttempt(attemptId) : null
  if (!cert) return json({ cert: null }, { status: 404 })
  return json({
    cert: {
      participantNumber: cert.participantNumber,
      name: maskName(cert.fullName),
      date: formatDate(cert.startsAt, { timeZone: 'Asia/Jakarta', locale: 'id' }),
      site: cert.siteName,
      period: cert.periodName,
      scores: cert.scores ?? {},
      passed: cert.passed,
    },
  })
}

export default function SkdCertificateCheckPage() {
  const { t } = useTranslation()
  const { cert } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('exam.certificate.checkTitle')} />
      {cert ? (
        <>
          <Alert tone="success">{t('exam.certificate.valid')}</Alert>
          <table>
            <tbody>
              <tr><th scope="row">{t('exam.certificate.number')}</th><td>{cert.participantNumber}</td></tr>
              <tr><th scope="row">{t('exam.certificate.name')}</th><td>{cert.name}</td></tr>
              <tr><th scope="row">{t('exam.certificate.period')}</th><td>{cert.period}</td></tr>
              <tr><th scope="row">{t('exam.certificate.date')}</th><td>{cert.date}</td></tr>
              <tr><th scope="row">{t('exam.certificate.site')}</th><td>{cert.site}</td></tr>
              {['TWK', 'TIU', 'TKP', 'total'].map((k) => (
                <tr key={k}><th scope="row">{k === 'total' ? t('exam.result.total') : k}</th><td>{cert.scores[k] ?? 0}</td></tr>
              ))}
              <tr><th scope="row">{t('exam.scoreboard.pass')}</th><td>{cert.passed ? t('exam.result.passed') : t('exam.result.failed')}</td></tr>
            </tbody>
          </table>
        </>
      ) : (
        <Alert tone="error">{t('exam.certificate.invalid')}</Alert>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pemeriksaan sertifikat SKD — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
