import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Card, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps, FormErrors } from '~/components/application-steps'
import { useErrorText } from '~/components/registration-steps'
import { MAX_WORK_ENTRIES, WorkEntrySchema, WorkHistorySchema, type WorkEntry } from '~/domain/application/steps'
import { saveWorkHistory } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'

// Step 4 (domain.md §1 B5): work history, optional for CPNS and required for PPPK. Entries are
// added and removed one at a time (named intents), each change saved whole.
export async function loader({ request }: LoaderFunctionArgs) {
  const { application, steps } = await requireApplication(request)
  const history = WorkHistorySchema.safeParse(application.workHistory ?? [])
  return json({
    locked: application.status !== 'DRAFT',
    kind: application.selectionKind,
    steps,
    saved: application.workHistory !== null,
    entries: history.success ? history.data : [],
  })
}

const WorkSchema = z.discriminatedUnion('intent', [
  WorkEntrySchema.safeExtend({ intent: z.literal('add') }),
  z.object({ intent: z.literal('remove'), index: z.coerce.number().int().min(0) }),
  z.object({ intent: z.literal('none') }),
])

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, application } = await requireApplication(request)
  const submission = parseWithZod(await request.formData(), { schema: WorkSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const current = WorkHistorySchema.safeParse(application.workHistory ?? [])
  let entries: WorkEntry[] = current.success ? current.data : []
  const value = submission.value
  if (value.intent === 'add') {
    if (entries.length >= MAX_WORK_ENTRIES) return json({ result: submission.reply({ formErrors: ['application.errors.tooManyEntries'] }) }, { status: 400 })
    const { intent: _intent, ...entry } = value
    entries = [...entries, entry]
  } else if (value.intent === 'remove') {
    entries = entries.filter((_, i) => i !== value.index)
  }
  const saved = await saveWorkHistory(application.id, user.id, entries, actorFrom(request, context, user))
  if (!saved.ok) return refusal(saved.error)
  return value.intent === 'none' ? redirect(application.vacancyId ? '/lamaran/dokumen' : '/lamaran/formasi') : redirect('/lamaran/riwayat-kerja')
}

export default function WorkHistoryPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WorkSchema }),
  })
  const errors = (list?: string[]) => list?.map(errorText)
  return (
    <div className="narrow">
      <PageHeader title={t('application.work.title')} lead={t(data.kind === 'PPPK' ? 'application.work.leadPppk' : 'application.work.leadCpns')} />
      <ApplicationSteps steps={data.steps} current="workHistory" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      <FormErrors errors={form.errors} render={errorText} />
      {data.entries.length === 0 ? <p>{t('application.work.none')}</p> : null}
      {data.entries.map((entry, index) => (
        <Card key={`${entry.employer}-${entry.startMonth}-${index}`} title={`${entry.jobTitle} — ${entry.employer}`}>
          <p>
            {t('application.work.period')}: {entry.startMonth} – {entry.endMonth ?? t('application.work.current')}
          </p>
          {data.locked ? null : (
            <Form method="post">
              <input type="hidden" name="index" value={index} />
              <Button name="intent" value="remove" variant="secondary" aria-label={`${t('application.work.remove')}: ${entry.jobTitle} — ${entry.employer}`}>
                {t('application.work.remove')}
              </Button>
            </Form>
          )}
        </Card>
      ))}
      {data.locked ? null : (
        <>
          <Card title={t('application.work.add')}>
            <Form method="post" {...getFormProps(form)}>
              <Field label={t('application.work.employer')} name={fields.employer.name} errors={errors(fields.employer.errors)} required />
              <Field label={t('application.work.jobTitle')} name={fields.jobTitle.name} errors={errors(fields.jobTitle.errors)} required />
              <Field label={t('application.work.startMonth')} name={fields.startMonth.name} type="month" errors={errors(fields.startMonth.errors)} hint="YYYY-MM" required />
              <Field label={t('application.work.endMonth')} name={fields.endMonth.name} type="month" errors={errors(fields.endMonth.errors)} hint={t('application.work.endHint')} />
              <Button name="intent" value="add">
                {t('application.work.add')}
              </Button>
            </Form>
          </Card>
          {data.kind === 'CPNS' && data.entries.length === 0 ? (
            <Form method="post">
              <Button name="intent" value="none" variant="secondary">
                {t('application.work.confirmNone')}
              </Button>
            </Form>
          ) : data.entries.length > 0 ? (
            <p>
              <Link to="/lamaran/dokumen">{t('application.save')}</Link>
            </p>
          ) : null}
        </>
      )}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Riwayat kerja · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
