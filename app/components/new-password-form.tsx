import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, Field } from '~/components/ui'

/** The "choose a password" form shared by password reset and staff invitation. */
export function NewPasswordForm({
  token,
  lastResult,
  withName,
  submitLabel,
}: {
  token: string
  lastResult?: SubmissionResult<string[]>
  withName?: { defaultValue: string }
  submitLabel: string
}) {
  const { t } = useTranslation()
  // Validated on the server only: the rule needs the account's e-mail, and a round-trip is cheap
  // next to argon2id hashing.
  const [form, fields] = useForm({ lastResult })
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
