import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { NewPasswordForm } from '~/components/new-password-form'
import { findUsableToken, setPasswordWithToken } from '~/models/user.server'
import { newPasswordSchema } from '~/utils/password-form'
import { actorFrom } from '~/utils/request.server'
import { destroySessionCookie } from '~/utils/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const found = await findUsableToken(token, 'PASSWORD_RESET')
  return json({ token, valid: Boolean(found), email: found?.user.email ?? '' })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const token = String(formData.get('token') ?? '')
  const found = await findUsableToken(token, 'PASSWORD_RESET')
  if (!found) return json({ result: null, invalid: true }, { status: 400 })
  const submission = parseWithZod(formData, { schema: newPasswordSchema(found.user.email, false) })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: ['password', 'confirm'] }), invalid: false }, { status: 400 })
  }
  const user = await setPasswordWithToken(token, 'PASSWORD_RESET', submission.value.password, actorFrom(request, context, null))
  if (!user) return json({ result: null, invalid: true }, { status: 400 })
  // Every session of this user was ended; clear this browser's cookie too.
  return redirect('/masuk?pesan=sandi-diubah', { headers: { 'Set-Cookie': await destroySessionCookie(request) } })
}

export default function ResetPasswordPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const invalid = !data.valid || actionData?.invalid
  return (
    <div className="narrow">
      <PageHeader title={t('reset.title')} />
      {invalid ? (
        <>
          <Alert tone="error">{t('reset.invalidToken')}</Alert>
          <p>
            <Link to="/lupa-sandi">{t('forgot.title')}</Link>
          </p>
        </>
      ) : (
        <NewPasswordForm token={data.token} lastResult={actionData?.result ?? undefined} submitLabel={t('reset.submit')} />
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Kata sandi baru · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
