import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps, IdentityRows, FormErrors } from '~/components/application-steps'
import { useErrorText } from '~/components/registration-steps'
import { BiodataSchema, MARITAL_STATUSES } from '~/domain/application/steps'
import { maskNik } from '~/domain/identity/registration'
import { saveBiodata } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'

// Step 1 (domain.md §1 B1): the frozen identity from the account, plus address and marital status.
export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, application, steps, vacancy } = await requireApplication(request)
  return json({
    identity: {
      fullName: identity.fullName,
      nik: maskNik(identity.nik),
      birthPlace: identity.birthPlace,
      birthDate: identity.birthDate.toISOString(),
      sex: identity.sex,
    },
    biodata: (application.biodata ?? null) as Record<string, string> | null,
    locked: application.status !== 'DRAFT',
    kind: application.selectionKind,
    steps,
    hasVacancy: vacancy !== null,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, application } = await requireApplication(request)
  const submission = parseWithZod(await request.formData(), { schema: BiodataSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const saved = await saveBiodata(application.id, user.id, submission.value, actorFrom(request, context, user))
  if (!saved.ok) return refusal(saved.error)
  return redirect(application.vacancyId ? '/lamaran/pendidikan' : '/lamaran/formasi')
}

export default function BiodataPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: data.biodata ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BiodataSchema }),
  })
  const errors = (list?: string[]) => list?.map(errorText)
  return (
    <div className="narrow">
      <PageHeader title={t('application.biodata.title')} lead={t('application.biodata.lead')} />
      <ApplicationSteps steps={data.steps} current="biodata" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      <Card title={t('application.biodata.identity')}>
        <dl className="summary">
          <IdentityRows identity={data.identity} />
        </dl>
      </Card>
      <FormErrors errors={form.errors} render={errorText} />
      {data.locked ? null : (
        <Form method="post" {...getFormProps(form)}>
          <Field label={t('application.biodata.address')} name={fields.address.name} defaultValue={fields.address.initialValue} errors={errors(fields.address.errors)} autoComplete="street-address" required />
          <Field label={t('application.biodata.city')} name={fields.city.name} defaultValue={fields.city.initialValue} errors={errors(fields.city.errors)} required />
          <Field
            label={t('application.biodata.postalCode')}
            name={fields.postalCode.name}
            defaultValue={fields.postalCode.initialValue}
            errors={errors(fields.postalCode.errors)}
            inputMode="numeric"
            maxLength={5}
            autoComplete="postal-code"
            required
          />
          <SelectField
            label={t('application.biodata.maritalStatus')}
            name={fields.maritalStatus.name}
            defaultValue={fields.maritalStatus.initialValue ?? ''}
            options={[
              { value: '', label: t('application.biodata.choose') },
              ...MARITAL_STATUSES.map((s) => ({ value: s, label: t(`application.biodata.marital.${s}`) })),
            ]}
            errors={errors(fields.maritalStatus.errors)}
            required
          />
          <Button>{t('application.save')}</Button>
        </Form>
      )}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Biodata · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
