import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { login } from '~/models/user.server'
import { actorFrom, safeRedirect } from '~/utils/request.server'
import { commitNewSession, requireAnonymous } from '~/utils/session.server'
import { emailField } from '~/utils/forms'
import { formatDateTime } from '~/utils/time'
import { localeFromCookie } from '~/utils/i18n'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return json({})
}

const LoginSchema = z.object({
  email: emailField,
  password: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(200),
  remember: z.boolean().optional(),
  redirectTo: z.string().optional(),
})

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, remember, redirectTo } = submission.value
  const outcome = await login({ email, password }, actorFrom(request, context, null))
  if (!outcome.ok) {
    const locale = localeFromCookie(request.headers.get('Cookie'))
    const message =
      outcome.error === 'locked'
        ? { key: 'login.locked', until: formatDateTime(outcome.until, { locale }) }
        : { key: `login.${outcome.error}` }
    return json(
      { result: submission.reply({ hideFields: ['password'], formErrors: [JSON.stringify(message)] }) },
      { status: outcome.error === 'rateLimited' ? 429 : 400 },
    )
  }
  return redirect(safeRedirect(redirectTo), {
    headers: {
      'Set-Cookie': await commitNewSession(outcome.sessionId, {
        remember: Boolean(remember),
        expiresAt: outcome.expiresAt,
      }),
    },
  })
}

export default function LoginPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  const notice = params.get('pesan')
  return (
    <div className="narrow">
      <PageHeader title={t('login.title')} />
      {notice === 'keluar' ? <Alert tone="success">{t('login.loggedOut')}</Alert> : null}
      {notice === 'sandi-diubah' ? <Alert tone="success">{t('login.passwordChanged')}</Alert> : null}
      {form.errors?.map((e) => {
        const m = JSON.parse(e) as { key: string; until?: string }
        return (
          <Alert key={m.key} tone="error">
            {t(m.key, { until: m.until })}
          </Alert>
        )
      })}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
        <Field
          label={t('login.email')}
          name={fields.email.name}
          type="email"
          autoComplete="username"
          defaultValue={fields.email.initialValue}
          errors={fields.email.errors?.map((e) => t(e))}
          required
        />
        <Field
          label={t('login.password')}
          name={fields.password.name}
          type="password"
          autoComplete="current-password"
          errors={fields.password.errors?.map((e) => t(e))}
          required
        />
        <label className="checkbox">
          <input type="checkbox" name={fields.remember.name} value="on" /> {t('login.remember')}
        </label>
        <Button disabled={navigation.state !== 'idle'}>{t('login.submit')}</Button>
      </Form>
      <p>
        <Link to="/lupa-sandi">{t('login.forgot')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Masuk · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
