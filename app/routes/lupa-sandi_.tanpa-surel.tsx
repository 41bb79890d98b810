import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { Captcha, type CaptchaState } from '~/components/captcha'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SECURITY_QUESTIONS, isSecurityQuestion } from '~/domain/identity/security-questions'
import { parseIsoDate } from '~/domain/identity/registration'
import { startResetBySecurityAnswer } from '~/models/user.server'
import { checkCaptcha } from '~/utils/captcha.server'
import { actorFrom } from '~/utils/request.server'

// The helpdesk password reset for applicants who cannot open their e-mail (domain.md §1 A.5):
// NIK + KK + date of birth + a security answer + CAPTCHA. Success leads to the same "new password"
// page an e-mailed link opens, with a fresh single-use token.
const digits16 = z.string({ error: 'errors.required' }).trim().regex(/^\d{16}$/, 'registration.errors.nik.format')
const HelpdeskSchema = z.object({
  nik: digits16,
  kk: z.string({ error: 'errors.required' }).trim().regex(/^\d{16}$/, 'registration.errors.kk.format'),
  birthDate: z.string({ error: 'errors.required' }).refine((v) => parseIsoDate(v) !== null, 'registration.errors.birthDate'),
  questionCode: z.string({ error: 'security.errors.question' }).refine(isSecurityQuestion, 'security.errors.question'),
  answer: z.string({ error: 'errors.required' }).max(200),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: HelpdeskSchema })
  const hide = { hideFields: ['answer'] }
  if (submission.status !== 'success') return json({ result: submission.reply(hide) }, { status: 400 })
  const captchaProblem = await checkCaptcha(formData.get('captcha'))
  if (captchaProblem) {
    return json({ result: submission.reply({ ...hide, formErrors: [`captcha.errors.${captchaProblem}`] }) }, { status: 400 })
  }
  const result = await startResetBySecurityAnswer(submission.value, actorFrom(request, context, null))
  if (!result.ok) {
    const status = result.problem === 'mismatch' ? 400 : 429
    return json({ result: submission.reply({ ...hide, formErrors: [`helpdesk.errors.${result.problem}`] }) }, { status })
  }
  return redirect(`/sandi-baru?token=${result.secret}`)
}

export default function HelpdeskResetPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [captcha, setCaptcha] = useState<CaptchaState>('unverified')
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HelpdeskSchema }),
  })
  const errors = (list?: string[]) => list?.map((e) => t(e))
  return (
    <div className="narrow">
      <PageHeader title={t('helpdesk.title')} lead={t('helpdesk.intro')} />
      {form.errors?.map((e) => (
        <Alert key={e} tone="error">
          {t(e)}
        </Alert>
      ))}
      <Form method="post" {...getFormProps(form)}>
        <Field
          label={t('helpdesk.nik')}
          name={fields.nik.name}
          inputMode="numeric"
          maxLength={16}
          defaultValue={fields.nik.initialValue}
          errors={errors(fields.nik.errors)}
          required
        />
        <Field
          label={t('helpdesk.kk')}
          name={fields.kk.name}
          inputMode="numeric"
          maxLength={16}
          hint={t('registration.identity.kkHint')}
          defaultValue={fields.kk.initialValue}
          errors={errors(fields.kk.errors)}
          required
        />
        <Field
          label={t('helpdesk.birthDate')}
          name={fields.birthDate.name}
          type="date"
          autoComplete="bday"
          defaultValue={fields.birthDate.initialValue}
          errors={errors(fields.birthDate.errors)}
          required
        />
        <SelectField
          label={t('helpdesk.question')}
          name={fields.questionCode.name}
          defaultValue={fields.questionCode.initialValue ?? ''}
          options={[
            { value: '', label: t('registration.identity.choose') },
            ...SECURITY_QUESTIONS.map((code) => ({ value: code, label: t(`security.questions.${code}`) })),
          ]}
          errors={errors(fields.questionCode.errors)}
          required
        />
        <Field label={t('helpdesk.answer')} name={fields.answer.name} autoComplete="off" errors={errors(fields.answer.errors)} required />
        <Captcha onStateChange={setCaptcha} resetKey={actionData} />
        <Button disabled={navigation.state !== 'idle' || captcha !== 'verified'}>{t('helpdesk.submit')}</Button>
      </Form>
      <p>
        <Link to="/lupa-sandi">{t('forgot.title')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Atur ulang kata sandi tanpa surel · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
