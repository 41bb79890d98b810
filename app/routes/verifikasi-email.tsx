import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { verifyEmail } from '~/models/user.server'
import { actorFrom } from '~/utils/request.server'
import { getSessionUser } from '~/utils/session.server'

// Opening the e-mailed link verifies the address (the token is single-use and expires in 48 hours).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const user = await getSessionUser(request)
  const ok = await verifyEmail(token, actorFrom(request, context, user))
  return json({ ok }, { status: ok ? 200 : 400 })
}

export default function VerifyEmailPage() {
  const { t } = useTranslation()
  const { ok } = useLoaderData<typeof loader>()
  return (
    <div className="narrow">
      <PageHeader title={t('account.email')} />
      <Alert tone={ok ? 'success' : 'error'}>{ok ? t('verify.ok') : t('verify.invalid')}</Alert>
      <p>
        <Link to="/dasbor">{t('nav.dashboard')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Verifikasi surel · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
