import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getApplicantIdentity } from '~/models/registration.server'
import { requirePermission } from '~/utils/session.server'

// After confirmation: the verification notice and the Kartu Informasi Akun (domain.md §1 step 4).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'submit:application:own')
  const identity = await getApplicantIdentity(user.id)
  if (!identity?.confirmedAt) throw redirect('/dasbor')
  return json({ email: user.email, emailVerified: user.emailVerified })
}

export default function RegistrationDonePage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('registration.done.title')} />
      {data.emailVerified ? (
        <Alert tone="success">{t('registration.done.verified')}</Alert>
      ) : (
        <Alert tone="info">{t('registration.done.verifySent', { email: data.email })}</Alert>
      )}
      <Card title={t('registration.done.cardTitle')}>
        <p>{t('registration.done.cardIntro')}</p>
        <p>
          {/* A file download, not a page: a plain link (no client-side navigation). */}
          <a href="/akun/kartu-informasi" className="btn btn-primary" download>
            {t('registration.done.card')}
          </a>
        </p>
      </Card>
      <p>
        <Link to="/dasbor">{t('registration.done.next')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Akun berhasil dibuat · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
