import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { RegistrationSteps, useErrorText } from '~/components/registration-steps'
import { checkIdentity, listOpenRegistrationPeriods, type IdentityProblem } from '~/models/registration.server'
import { hasTitle, normalisePhone, parseIsoDate, tidyName } from '~/domain/identity/registration'
import { emailField, requiredText } from '~/utils/forms'
import { readRegistration, saveRegistration } from '~/utils/registration-state.server'
import { clientIp } from '~/utils/request.server'
import { checkCaptcha } from '~/utils/captcha.server'
import { Captcha } from '~/components/captcha'
import { requireAnonymous } from '~/utils/session.server'

// Step 1 of SSCASN account creation (domain.md §1): identity, checked on the server in SSCASN's
// order. What passes is kept sealed on the server side of the browser (registration-state.server).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const [periods, state] = await Promise.all([listOpenRegistrationPeriods(), readRegistration(request)])
  return json({
    periods: periods.map((p) => ({ id: p.id, name: p.name })),
    prefill: state?.identity ?? null,
    expired: new URL(request.url).searchParams.get('pesan') === 'kedaluwarsa',
  })
}

const digits16 = (message: string) =>
  z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').regex(/^\d{16}$/, message)

const IdentitySchema = z.object({
  periodId: z.string({ error: 'registration.errors.period' }).min(1, 'registration.errors.period'),
  nik: digits16('registration.errors.nik.format'),
  kk: digits16('registration.errors.kk.format'),
  fullName: requiredText(100)
    .transform(tidyName)
    .refine((name) => !hasTitle(name), 'registration.errors.nameTitle'),
  birthPlace: requiredText(60).transform(tidyName),
  birthDate: z
    .string({ error: 'errors.required' })
    .refine((value) => parseIsoDate(value) !== null, 'registration.errors.birthDate'),
  sex: z.enum(['L', 'P'], { error: 'registration.errors.sex' }),
  email: emailField,
  phone: z
    .string({ error: 'errors.required' })
    .transform((value, ctx) => {
      const phone = normalisePhone(value)
      if (!phone) {
        ctx.addIssue({ code: 'custom', message: 'registration.errors.phone' })
        return z.NEVER
      }
      return phone
    }),
})

// Problems shown above the form (they are about the person, not one field's typing).
const FORM_LEVEL: readonly IdentityProblem[] = ['nikTaken', 'notInRegistry', 'registryUnavailable', 'rateLimited', 'registrationClosed']
const STATUS: Partial<Record<IdentityProblem, number>> = {
  nikTaken: 409,
  emailTaken: 409,
  rateLimited: 429,
  registryUnavailable: 503,
  registrationClosed: 403,
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: IdentitySchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  // CAPTCHA before the registry is asked anything (domain.md §1 A.1): a script pays per attempt.
  const captchaProblem = await checkCaptcha(formData.get('captcha'))
  if (captchaProblem) {
    return json({ result: submission.reply({ formErrors: [`captcha.errors.${captchaProblem}`] }) }, { status: 400 })
  }
  const input = submission.value
  const check = await checkIdentity(input, { ip: clientIp(request, context) })
  if (!check.ok) {
    const message = `registration.errors.${check.problem}`
    const reply = FORM_LEVEL.includes(check.problem)
      ? submission.reply({ formErrors: [message] })
      : submission.reply({ fieldErrors: { [check.field]: [message] } })
    return json({ result: reply }, { status: STATUS[check.problem] ?? 400 })
  }
  // Photos already uploaded in this wizard are kept; the password is chosen again (its rule
  // depends on the e-mail address).
  const previous = await readRegistration(request)
  const cookie = await saveRegistration({
    identity: input,
    nikFlags: check.nikFlags,
    checkedAt: Date.now(),
    ktp: previous?.ktp,
    selfie: previous?.selfie,
  })
  return redirect('/daftar-akun/data', { headers: { 'Set-Cookie': cookie } })
}

export default function RegistrationIdentityPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const { periods, prefill, expired } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [captcha, setCaptcha] = useState('unverified')
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: prefill ?? { periodId: periods.length === 1 ? periods[0]!.id : '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IdentitySchema }),
  })
  const errors = (list?: string[]) => list?.map(errorText)
  return (
    <div className="narrow">
      <PageHeader title={t('registration.title')} lead={t('registration.identity.intro')} />
      <RegistrationSteps current={1} />
      {expired ? <Alert tone="warning">{t('registration.expired')}</Alert> : null}
      {periods.length === 0 ? (
        <Alert tone="info">{t('registration.closed')}</Alert>
      ) : (
        <>
          <p>{t('registration.identity.oneAccount')}</p>
          {form.errors?.map((e) => (
            <Alert key={e} tone="error">
              {errorText(e)}
            </Alert>
          ))}
          <Form method="post" {...getFormProps(form)}>
            {periods.length === 1 ? (
              <>
                <input type="hidden" name={fields.periodId.name} value={periods[0]!.id} />
                <p>
                  {t('registration.identity.period')}: <strong>{periods[0]!.name}</strong>
                </p>
              </>
            ) : (
              <SelectField
                label={t('registration.identity.period')}
                name={fields.periodId.name}
                defaultValue={fields.periodId.initialValue}
                options={[{ value: '', label: t('registration.identity.choose') }, ...periods.map((p) => ({ value: p.id, label: p.name }))]}
                errors={errors(fields.periodId.errors)}
                required
              />
            )}
            <Field
              label={t('registration.identity.nik')}
              name={fields.nik.name}
              inputMode="numeric"
              maxLength={16}
              hint={t('registration.identity.nikHint')}
              defaultValue={fields.nik.initialValue}
              errors={errors(fields.nik.errors)}
              required
            />
            <Field
              label={t('registration.identity.kk')}
              name={fields.kk.name}
              inputMode="numeric"
              maxLength={16}
              hint={t('registration.identity.kkHint')}
              defaultValue={fields.kk.initialValue}
              errors={errors(fields.kk.errors)}
              required
            />
            <Field
              label={t('registration.identity.fullName')}
              name={fields.fullName.name}
              autoComplete="name"
              maxLength={100}
              hint={t('registration.identity.fullNameHint')}
              defaultValue={fields.fullName.initialValue}
              errors={errors(fields.fullName.errors)}
              required
            />
            <Field
              label={t('registration.identity.birthPlace')}
              name={fields.birthPlace.name}
              maxLength={60}
              defaultValue={fields.birthPlace.initialValue}
              errors={errors(fields.birthPlace.errors)}
              required
            />
            <Field
              label={t('registration.identity.birthDate')}
              name={fields.birthDate.name}
              type="date"
              autoComplete="bday"
              defaultValue={fields.birthDate.initialValue}
              errors={errors(fields.birthDate.errors)}
              required
            />
            <SelectField
              label={t('registration.identity.sex')}
              name={fields.sex.name}
              defaultValue={fields.sex.initialValue ?? ''}
              options={[
                { value: '', label: t('registration.identity.choose') },
                { value: 'L', label: t('registration.identity.sexL') },
                { value: 'P', label: t('registration.identity.sexP') },
              ]}
              errors={errors(fields.sex.errors)}
              required
            />
            <Field
              label={t('registration.identity.email')}
              name={fields.email.name}
              type="email"
              autoComplete="email"
              hint={t('registration.identity.emailHint')}
              defaultValue={fields.email.initialValue}
              errors={errors(fields.email.errors)}
              required
            />
            <Field
              label={t('registration.identity.phone')}
              name={fields.phone.name}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              hint={t('registration.identity.phoneHint')}
              defaultValue={fields.phone.initialValue}
              errors={errors(fields.phone.errors)}
              required
            />
            <Captcha onStateChange={setCaptcha} resetKey={actionData} />
            <Button disabled={navigation.state !== 'idle' || captcha !== 'verified'}>{t('registration.identity.submit')}</Button>
          </Form>
          <p>
            <Link to="/masuk">{t('home.loginCta')}</Link>
          </p>
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Buat akun pelamar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
