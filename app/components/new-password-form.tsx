import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, Field } from '~/components/ui'
import { newPasswordSchema } from '~/utils/password-form'

/** The "choose a password" form shared by password reset and staff invitation. */
export function NewPasswordForm({
  token,
  email,
  lastResult,
  withName,
  submitLabel,
}: {
  token: string
  email: string
  lastResult?: SubmissionResult<string[]>
  withName?: { defaultValue: string }
  submitLabel: string
}) {
  const { t } = useTranslation()
  const schema = newPasswordSchema(email, Boolean(withName))
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldRevalidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="token" value={token} />
      {withName ? (
        <Field
          label={t('invite.name')}
          name="name"
          defaultValue={withName.defaultValue}
          autoComplete="name"
          errors={fields.name?.errors?.map((e) => t(e))}
          required
        />
      ) : null}
      <Field
        label={t('reset.password')}
        name={fields.password.name}
        type="password"
        autoComplete="new-password"
        hint={t('password.rule')}
        errors={fields.password.errors?.map((e) => t(e))}
        required
      />
      <Field
        label={t('reset.confirm')}
        name={fields.confirm.name}
        type="password"
        autoComplete="new-password"
        errors={fields.confirm.errors?.map((e) => t(e))}
        required
      />
      <Button>{submitLabel}</Button>
    </Form>
  )
}
