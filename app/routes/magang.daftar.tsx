import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listUniversities } from '~/models/selection.server'
import { registerStudent } from '~/models/internship.server'
import { login, sendEmailVerification } from '~/models/user.server'
import { prisma } from '~/utils/db.server'
import { emailField, requiredText } from '~/utils/forms'
import { actorFrom } from '~/utils/request.server'
import { commitNewSession, requireAnonymous } from '~/utils/session.server'
import { parseDecimal } from '~/utils/internship-route.server'
import { MIN_SEMESTER_BY_LEVEL } from '~/domain/internship/eligibility'

// A student account for the internship track (issue 9): the academic facts are kept with the
// account and confirmed by the university's PIC when an application is verified.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const [universities, programs] = await Promise.all([
    listUniversities(),
    prisma.studyProgram.findMany({ where: { level: { in: Object.keys(MIN_SEMESTER_BY_LEVEL) } }, orderBy: [{ level: 'asc' }, { name: 'asc' }] }),
  ])
  return json({ universities, programs: programs.map((p) => ({ value: p.code, label: `${p.level} ${p.name}` })) })
}

const Schema = z.object({
  name: requiredText(120),
  email: emailField,
  password: z.string().min(8, 'internship.register.passwordHint').max(128),
  universityId: requiredText(40),
  studentNumber: z.string().trim().regex(/^[0-9A-Za-z.\-/]{4,30}$/, 'internship.errors.invalid'),
  studyProgramCode: requiredText(40),
  semester: z.coerce.number().int('internship.errors.invalid').min(1, 'internship.errors.invalid').max(14, 'internship.errors.invalid'),
  gpa: z.number('internship.errors.invalid').min(0, 'internship.errors.invalid').max(4, 'internship.errors.invalid'),
  phone: z.string().trim().max(20).optional(),
})

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const form = await request.formData()
  const raw = Object.fromEntries(form)
  const parsed = Schema.safeParse({ ...raw, gpa: parseDecimal(form.get('gpa')) ?? undefined })
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message)
    return json({ fieldErrors, formError: null }, { status: 400 })
  }
  const actor = actorFrom(request, context, null)
  const result = await registerStudent(parsed.data, actor)
  if (!result.ok) return json({ fieldErrors: {} as Record<string, string[]>, formError: `internship.errors.${result.error}` }, { status: 400 })
  // The address is confirmed as for every account (offers and reviews arrive by e-mail).
  await sendEmailVerification(result.userId, { ...actor, actorId: result.userId })
  const session = await login({ email: parsed.data.email, password: parsed.data.password }, { ...actor, actorId: result.userId })
  if (!session.ok) return redirect('/masuk')
  return redirect('/magang', { headers: { 'Set-Cookie': await commitNewSession(session.sessionId, { remember: false, expiresAt: session.expiresAt }) } })
}

export default function StudentRegistrationPage() {
  const { t } = useTranslation()
  const { universities, programs } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const err = (name: string) => data?.fieldErrors[name]?.map((m) => t(m))
  const choose = { value: '', label: t('internship.register.choose') }
  return (
    <div className="narrow">
      <PageHeader title={t('internship.register.title')} lead={t('internship.register.lead')} />
      {data?.formError ? <Alert tone="error">{t(data.formError)}</Alert> : null}
      <Form method="post" noValidate>
        <Field label={t('internship.register.name')} name="name" required autoComplete="name" errors={err('name')} />
        <Field label={t('internship.register.email')} name="email" type="email" required autoComplete="email" errors={err('email')} />
        <Field label={t('internship.register.password')} name="password" type="password" required autoComplete="new-password" hint={t('internship.register.passwordHint')} errors={err('password')} />
        <SelectField label={t('internship.register.university')} name="universityId" required options={[choose, ...universities.map((u) => ({ value: u.id, label: u.name }))]} errors={err('universityId')} />
        <Field label={t('internship.register.studentNumber')} name="studentNumber" required errors={err('studentNumber')} />
        <SelectField label={t('internship.register.studyProgram')} name="studyProgramCode" required options={[choose, ...programs]} errors={err('studyProgramCode')} />
        <Field label={t('internship.register.semester')} name="semester" inputMode="numeric" required errors={err('semester')} />
        <Field label={t('internship.register.gpa')} name="gpa" required hint={t('internship.register.gpaHint')} errors={err('gpa')} />
        <Field label={t('internship.register.phone')} name="phone" type="tel" autoComplete="tel" errors={err('phone')} />
        <Button disabled={busy}>{t('internship.register.submit')}</Button>
      </Form>
      <p>
        <Link to="/masuk?redirectTo=/magang">{t('internship.loginCta')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Daftar akun mahasiswa · Magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
