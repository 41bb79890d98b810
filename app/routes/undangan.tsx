import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { NewPasswordForm } from '~/components/new-password-form'
import { findUsableToken, setPasswordWithToken } from '~/models/user.server'
import { prisma } from '~/utils/db.server'
import { newPasswordSchema } from '~/utils/password-form'
import { actorFrom } from '~/utils/request.server'

/** Staff accept an invitation by choosing their password (which also proves their e-mail). */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const found = await findUsableToken(token, 'INVITE')
  const role = found
    ? await prisma.userRole.findFirst({ where: { userId: found.userId }, orderBy: { createdAt: 'desc' } })
    : null
  return json({ token, valid: Boolean(found), email: found?.user.email ?? '', name: found?.user.name ?? '', role: role?.role ?? null })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const token = String(formData.get('token') ?? '')
  const found = await findUsableToken(token, 'INVITE')
  if (!found) return json({ result: null, invalid: true }, { status: 400 })
  const submission = parseWithZod(formData, { schema: newPasswordSchema(found.user.email, true) })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: ['password', 'confirm'] }), invalid: false }, { status: 400 })
  }
  const user = await setPasswordWithToken(token, 'INVITE', submission.value.password, actorFrom(request, context, null), {
    name: submission.value.name,
  })
  if (!user) return json({ result: null, invalid: true }, { status: 400 })
  return redirect('/masuk?pesan=sandi-diubah')
}

export default function InvitePage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const invalid = !data.valid || actionData?.invalid
  return (
    <div className="narrow">
      <PageHeader title={t('invite.title')} lead={data.role ? t('invite.intro', { role: t(`roles.${data.role}`) }) : undefined} />
      {invalid ? (
        <Alert tone="error">{t('reset.invalidToken')}</Alert>
      ) : (
        <NewPasswordForm
          token={data.token}
          lastResult={actionData?.result ?? undefined}
          withName={{ defaultValue: data.name }}
          submitLabel={t('invite.submit')}
        />
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Aktivasi akun · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
