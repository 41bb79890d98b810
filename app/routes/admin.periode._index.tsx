import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { WINDOW_KINDS } from '~/domain/selection/rules'
import { createPeriod, listPeriods } from '~/models/period.server'
import { requiredText } from '~/utils/forms'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:selection:any')
  const periods = await listPeriods()
  return json({
    periods: periods.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      kind: p.kind,
      year: p.year,
      status: p.status,
      isDemo: p.isDemo,
      windowCount: p._count.windows,
    })),
  })
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar date ("YYYY-MM-DD") that exists, as midnight UTC (how Prisma stores @db.Date). */
function dateOnly(value: string) {
  const match = DATE_ONLY.exec(value)
  if (!match) return null
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value ? date : null
}

const CreatePeriodSchema = z.object({
  code: z
    .string({ error: 'errors.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'period.errors.codeFormat'),
  name: requiredText(120),
  kind: z.enum(['CPNS', 'PPPK'], { error: 'errors.required' }),
  year: z
    .number({ error: 'errors.required' })
    .int('period.errors.yearRange')
    .min(2000, 'period.errors.yearRange')
    .max(2100, 'period.errors.yearRange'),
  ageCutoffDate: z
    .string()
    .trim()
    .refine((v) => dateOnly(v) !== null, 'period.errors.invalidDate')
    .optional(),
  copyFromPeriodId: z.string().trim().max(64).optional(),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage:selection:any')
  const submission = parseWithZod(await request.formData(), { schema: CreatePeriodSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply() }, { status: 400 })
  }
  const { code, name, kind, year, ageCutoffDate, copyFromPeriodId } = submission.value
  const outcome = await createPeriod(
    { code, name, kind, year, ageCutoffDate: ageCutoffDate ? dateOnly(ageCutoffDate) : null, copyFromPeriodId: copyFromPeriodId ?? null },
    actorFrom(request, context, user),
  )
  if (!outcome.ok) {
    const reply =
      outcome.error === 'codeTaken'
        ? submission.reply({ fieldErrors: { code: ['period.errors.codeTaken'] } })
        : submission.reply({ fieldErrors: { copyFromPeriodId: ['period.errors.copySourceNotFound'] } })
    return json({ result: reply }, { status: outcome.error === 'codeTaken' ? 409 : 400 })
  }
  return redirect(`/admin/periode/${encodeURIComponent(outcome.period.code)}`)
}

export default function PeriodsPage() {
  const { t } = useTranslation()
  const { periods } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'

  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreatePeriodSchema }),
  })
  const tErrors = (errors?: string[]) => errors?.map((e) => t(e))

  return (
    <>
      <PageHeader title={t('period.title')} lead={t('period.intro')} />

      <Card title={t('period.create')}>
        {form.errors?.map((e) => (
          <Alert key={e} tone="error">
            {t(e)}
          </Alert>
        ))}
        <Form method="post" {...getFormProps(form)}>
          <div className="grid">
            <Field
              label={t('period.code')}
              name={fields.code.name}
              defaultValue={fields.code.initialValue}
              errors={tErrors(fields.code.errors)}
              hint={t('period.codeHint')}
              autoComplete="off"
              maxLength={40}
              required
            />
            <Field
              label={t('period.name')}
              name={fields.name.name}
              defaultValue={fields.name.initialValue}
              errors={tErrors(fields.name.errors)}
              autoComplete="off"
              maxLength={120}
              required
            />
            <SelectField
              label={t('period.kind')}
              name={fields.kind.name}
              options={[
                { value: 'CPNS', label: t('period.kinds.CPNS') },
                { value: 'PPPK', label: t('period.kinds.PPPK') },
              ]}
              defaultValue={fields.kind.initialValue as string | undefined}
              errors={tErrors(fields.kind.errors)}
              required
            />
            <Field
              label={t('period.year')}
              name={fields.year.name}
              type="number"
              inputMode="numeric"
              defaultValue={fields.year.initialValue as string | undefined}
              errors={tErrors(fields.year.errors)}
              required
            />
            <Field
              label={t('period.ageCutoffDate')}
              name={fields.ageCutoffDate.name}
              type="date"
              defaultValue={fields.ageCutoffDate.initialValue}
              errors={tErrors(fields.ageCutoffDate.errors)}
              hint={t('period.ageCutoffHint')}
            />
            <div>
              <SelectField
                label={t('period.copyFrom')}
                name={fields.copyFromPeriodId.name}
                options={[
                  { value: '', label: t('period.noCopy') },
                  ...periods.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
                ]}
                defaultValue={fields.copyFromPeriodId.initialValue as string | undefined}
                errors={tErrors(fields.copyFromPeriodId.errors)}
              />
              <p className="hint">{t('period.copyFromHint')}</p>
            </div>
          </div>
          <p>
            <Button disabled={busy}>{t('period.createSubmit')}</Button>
          </p>
        </Form>
      </Card>

      <h2 id="period-list">{t('period.list')}</h2>
      {periods.length ? (
        <div className="table-wrap">
          <table aria-labelledby="period-list">
            <thead>
              <tr>
                <th scope="col">{t('period.name')}</th>
                <th scope="col">{t('period.code')}</th>
                <th scope="col">{t('period.kind')}</th>
                <th scope="col">{t('period.year')}</th>
                <th scope="col">{t('period.status')}</th>
                <th scope="col">{t('period.windowsSet')}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/admin/periode/${encodeURIComponent(p.code)}`}>{p.name}</Link>{' '}
                    {p.isDemo ? <Badge tone="warn">Demo</Badge> : null}
                  </td>
                  <td>{p.code}</td>
                  <td>{t(`period.kinds.${p.kind}`)}</td>
                  <td>{p.year}</td>
                  <td>{t(`period.statuses.${p.status}`)}</td>
                  <td>{t('period.windowsSetCount', { count: p.windowCount, total: WINDOW_KINDS.length })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('period.empty')}</p>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Periode seleksi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
