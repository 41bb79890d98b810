import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FileField } from '~/components/file-field'
import { RegistrationSteps, errorKey, useErrorText } from '~/components/registration-steps'
import { checkPassword } from '~/domain/identity/password-policy'
import { hasRegionFlag, maskNik } from '~/domain/identity/registration'
import { allowRegistrationUpload, isRegistrationOpen } from '~/models/registration.server'
import { hashPassword } from '~/utils/password.server'
import { hashSecurityAnswer } from '~/utils/security-answer.server'
import { SECURITY_QUESTIONS, checkSecurityAnswers, isSecurityQuestion } from '~/domain/identity/security-questions'
import { readRegistration, saveRegistration, type RegistrationState } from '~/utils/registration-state.server'
import { requireAnonymous } from '~/utils/session.server'
import { clientIp } from '~/utils/request.server'
import { putBytes } from '~/utils/storage.server'
import { KB, checkUpload, parseUploadForm } from '~/utils/upload.server'

/** SSCASN: KTP and selfie as JPG of at most 200 KB (domain.md §1 upload limits). */
const PHOTO_MAX_BYTES = 200 * KB
const PHOTOS = ['ktp', 'selfie'] as const

// Step 2: password, KTP photo, selfie and the statement. Accepted photos are stored at once (by
// content hash) and remembered in the sealed state, so a mistake elsewhere on the form does not
// make the applicant upload them again over a slow connection.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const state = await readRegistration(request)
  if (!state) throw redirect('/daftar-akun?pesan=kedaluwarsa')
  return json({
    name: state.identity.fullName,
    nik: maskNik(state.identity.nik),
    flagged: hasRegionFlag(state.nikFlags),
    ktpKb: state.ktp ? Math.ceil(state.ktp.size / KB) : null,
    selfieKb: state.selfie ? Math.ceil(state.selfie.size / KB) : null,
  })
}

const question = z.string({ error: 'security.errors.question' }).refine(isSecurityQuestion, 'security.errors.question')
const answer = z.string({ error: 'errors.required' })

function dataSchema(email: string) {
  return z
    .object({
      password: z.string({ error: 'errors.required' }),
      confirm: z.string({ error: 'errors.required' }),
      question1: question,
      answer1: answer,
      question2: question,
      answer2: answer,
      statement: z.literal('on', { error: 'registration.errors.statement' }),
    })
    .superRefine((value, ctx) => {
      const problem = checkPassword(value.password, email)
      if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
      if (value.password !== value.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'reset.mismatch' })
      for (const issue of checkSecurityAnswers(value)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
    })
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const state = await readRegistration(request)
  if (!state) throw redirect('/daftar-akun?pesan=kedaluwarsa')
  const upload = await parseUploadForm(request, { maxPartBytes: PHOTO_MAX_BYTES, maxRequestBytes: 4 * 1024 * KB })
  const submission = parseWithZod(upload.formData, { schema: dataSchema(state.identity.email) })
  const hide = { hideFields: ['password', 'confirm', 'answer1', 'answer2'] }
  if (upload.requestTooLarge) {
    return json(
      { result: submission.reply({ ...hide, formErrors: [errorKey('registration.upload.requestTooLarge', { limit: 200 })] }) },
      { status: 413 },
    )
  }
  if (!(await allowRegistrationUpload(clientIp(request, context)))) {
    return json({ result: submission.reply({ ...hide, formErrors: ['registration.errors.rateLimited'] }) }, { status: 429 })
  }
  if (!(await isRegistrationOpen(state.identity.periodId))) {
    return json({ result: submission.reply({ ...hide, formErrors: ['registration.errors.registrationClosed'] }) }, { status: 403 })
  }

  const next: Omit<RegistrationState, 'v' | 'exp'> = { ...state, complete: false }
  const fieldErrors: Record<string, string[]> = {}
  for (const field of PHOTOS) {
    const check = await checkUpload(upload, field, { format: 'JPG', maxBytes: PHOTO_MAX_BYTES })
    if (check.ok) {
      next[field] = await putBytes(check.bytes)
    } else if (!(check.problem === 'upload.missing' && state[field])) {
      fieldErrors[field] = [errorKey(`registration.${check.problem}`, { limit: check.maxKb, format: check.format })]
    }
  }
  if (submission.status === 'success' && Object.keys(fieldErrors).length === 0) {
    const { value } = submission
    next.passwordHash = await hashPassword(value.password)
    next.security = [
      { questionCode: value.question1, ...hashSecurityAnswer(value.answer1) },
      { questionCode: value.question2, ...hashSecurityAnswer(value.answer2) },
    ]
    next.complete = true
    return redirect('/daftar-akun/periksa', { headers: { 'Set-Cookie': await saveRegistration(next) } })
  }
  return json(
    { result: submission.reply({ ...hide, fieldErrors }) },
    { status: 400, headers: { 'Set-Cookie': await saveRegistration(next) } },
  )
}

export default function RegistrationDataPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  // Validated on the server only: the password rule needs the e-mail, and the photos' bytes.
  const [form, fields] = useForm({ lastResult: actionData?.result })
  const errors = (list?: string[]) => list?.map(errorText)
  return (
    <div className="narrow">
      <PageHeader title={t('registration.title')} lead={t('registration.data.intro')} />
      <RegistrationSteps current={2} />
      <Alert tone="success">{t('registration.data.checkedAs', { name: data.name, nik: data.nik })}</Alert>
      {data.flagged ? <Alert tone="warning">{t('registration.data.flagged')}</Alert> : null}
      {form.errors?.map((e) => (
        <Alert key={e} tone="error">
          {errorText(e)}
        </Alert>
      ))}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <Field
          label={t('registration.data.password')}
          name={fields.password.name}
          type="password"
          autoComplete="new-password"
          hint={t('password.rule')}
          errors={errors(fields.password.errors)}
          required
        />
        <Field
          label={t('registration.data.confirm')}
          name={fields.confirm.name}
          type="password"
          autoComplete="new-password"
          errors={errors(fields.confirm.errors)}
          required
        />
        <fieldset className="field">
          <legend>{t('security.legend')}</legend>
          <p className="hint">{t('security.hint')}</p>
          {([1, 2] as const).map((slot) => {
            const q = slot === 1 ? fields.question1 : fields.question2
            const a = slot === 1 ? fields.answer1 : fields.answer2
            return (
              <div key={slot}>
                <SelectField
                  label={t('security.question', { n: slot })}
                  name={q.name}
                  defaultValue={typeof q.initialValue === 'string' ? q.initialValue : ''}
                  options={[
                    { value: '', label: t('registration.identity.choose') },
                    ...SECURITY_QUESTIONS.map((code) => ({ value: code, label: t(`security.questions.${code}`) })),
                  ]}
                  errors={errors(q.errors)}
                  required
                />
                <Field
                  label={t('security.answer', { n: slot })}
                  name={a.name}
                  autoComplete="off"
                  maxLength={60}
                  errors={errors(a.errors)}
                  required
                />
              </div>
            )
          })}
        </fieldset>
        <FileField
          label={t('registration.data.ktp')}
          name="ktp"
          accept="image/jpeg,.jpg,.jpeg"
          hint={t('registration.data.ktpHint')}
          current={data.ktpKb ? t('registration.data.uploaded', { size: data.ktpKb }) : null}
          errors={errors(form.allErrors.ktp)}
          required
        />
        <FileField
          label={t('registration.data.selfie')}
          name="selfie"
          accept="image/jpeg,.jpg,.jpeg"
          hint={t('registration.data.selfieHint')}
          current={data.selfieKb ? t('registration.data.uploaded', { size: data.selfieKb }) : null}
          errors={errors(form.allErrors.selfie)}
          required
        />
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              name={fields.statement.name}
              value="on"
              aria-invalid={fields.statement.errors?.length ? true : undefined}
              aria-describedby={fields.statement.errors?.length ? 'statement-error' : undefined}
            />{' '}
            {t('registration.data.statement')}
          </label>
          {fields.statement.errors?.length ? (
            <p className="error" id="statement-error">
              {errors(fields.statement.errors)?.join(' ')}
            </p>
          ) : null}
        </div>
        <Button disabled={navigation.state !== 'idle'}>{t('registration.data.submit')}</Button>
      </Form>
      <p>
        <Link to="/daftar-akun">{t('registration.data.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Lengkapi data · Buat akun pelamar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
