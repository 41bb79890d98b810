import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requestPasswordReset } from '~/models/user.server'
import { actorFrom } from '~/utils/request.server'
import { emailField } from '~/utils/forms'

const ForgotSchema = z.object({ email: emailField })

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), sent: false }, { status: 400 })
  await requestPasswordReset(submission.value.email, actorFrom(request, context, null))
  return json({ result: submission.reply({ resetForm: true }), sent: true })
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotSchema }),
  })
  return (
    <div className="narrow">
      <PageHeader title={t('forgot.title')} lead={t('forgot.intro')} />
      {actionData?.sent ? <Alert tone="success">{t('forgot.sent')}</Alert> : null}
      <Form method="post" {...getFormProps(form)}>
        <Field
          label={t('login.email')}
          name={fields.email.name}
          type="email"
          autoComplete="email"
          errors={fields.email.errors?.map((e) => t(e))}
          required
        />
        <Button>{t('forgot.submit')}</Button>
      </Form>
      <p>
        <Link to="/lupa-sandi/tanpa-surel">{t('helpdesk.link')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Lupa kata sandi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
