import { json, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { examCookie, examSignIn } from '~/models/exam-attempt.server'
import { clientIp } from '~/utils/request.server'

// The light exam sign-in: participant number + registration PIN, no applicant account. A plain
// form that works without JavaScript on the exam-room PCs.
const SignInSchema = z.object({
  number: z.string().trim().min(5).max(60),
  pin: z.string().trim().regex(/^\d{6}$/),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData())
  const parsed = SignInSchema.safeParse(form)
  if (!parsed.success) return json({ error: 'invalid' as const }, { status: 400 })
  const result = await examSignIn(parsed.data.number, parsed.data.pin, clientIp(request, context))
  if (!result.ok) return json({ error: result.error }, { status: result.error === 'tooMany' ? 429 : 400 })
  return redirect('/ujian/tes', { headers: { 'Set-Cookie': examCookie(result.attemptId) } })
}

export default function ExamSignInPage() {
  const { t } = useTranslation()
  const data = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  return (
    <div className="narrow">
      <PageHeader title={t('exam.signIn.title')} lead={t('exam.signIn.lead')} />
      {data?.error ? <Alert tone="error">{t(`exam.signIn.${data.error}`)}</Alert> : null}
      <Form method="post">
        <Field label={t('exam.signIn.number')} name="number" required autoComplete="off" autoFocus />
        <Field label={t('exam.signIn.pin')} name="pin" type="password" inputMode="numeric" required autoComplete="off" maxLength={6} />
        <Button type="submit" disabled={busy}>
          {t('exam.signIn.submit')}
        </Button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Masuk ujian CAT — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
