import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps, FormErrors, IdentityRows } from '~/components/application-steps'
import { errorKey, useErrorText } from '~/components/registration-steps'
import { BiodataSchema, StoredEducationSchema, WorkHistorySchema } from '~/domain/application/steps'
import { maskNik } from '~/domain/identity/registration'
import { finaliseApplication, getStudyProgramName } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'
import { KB } from '~/utils/upload.server'

// Step 6 (domain.md §1 B6): everything read-only, then "Akhiri pendaftaran" with the statement.
export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, application, steps, vacancy } = await requireApplication(request)
  const biodata = BiodataSchema.safeParse(application.biodata)
  const education = StoredEducationSchema.safeParse(application.education)
  const work = WorkHistorySchema.safeParse(application.workHistory ?? [])
  return json({
    locked: application.status !== 'DRAFT',
    kind: application.selectionKind,
    steps,
    registrationNumber: application.registrationNumber,
    identity: { fullName: identity.fullName, nik: maskNik(identity.nik), birthPlace: identity.birthPlace, birthDate: identity.birthDate.toISOString().slice(0, 10) },
    biodata: biodata.success ? biodata.data : null,
    education: education.success
      ? { ...education.data, programme: (await getStudyProgramName(education.data.studyProgramCode)) ?? education.data.studyProgramCode }
      : null,
    work: work.success ? work.data : [],
    vacancy: vacancy
      ? { agency: vacancy.position.agency.name, position: vacancy.position.name, unit: vacancy.position.unit, location: vacancy.location, formasiType: vacancy.formasiType.name }
      : null,
    documents: (vacancy?.position.documents ?? []).map((d) => {
      const current = application.documents.find((u) => u.code === d.code)
      return { code: d.code, label: d.label, current: current ? { id: current.id, fileName: current.fileName, sizeKb: Math.max(1, Math.round(current.size / KB)) } : null }
    }),
  })
}

const FinaliseSchema = z.object({
  statement: z.literal('on', { error: 'application.errors.statement' }),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, application } = await requireApplication(request)
  const submission = parseWithZod(await request.formData(), { schema: FinaliseSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const result = await finaliseApplication(application.id, user.id, actorFrom(request, context, user))
  if (!result.ok) {
    if (result.error === 'incomplete') {
      const steps = (result.detail as string[]).join(', ')
      return refusal('incomplete', [errorKey('application.resume.incomplete', { steps })])
    }
    if (result.error === 'ineligible') return refusal('ineligible')
    return refusal(result.error)
  }
  return redirect('/lamaran')
}

export default function ResumePage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FinaliseSchema }),
  })
  const missing = (Object.entries(data.steps) as [string, boolean][]).filter(([, done]) => !done).map(([key]) => t(`application.steps.${key}`))
  const edit = (to: string) =>
    data.locked ? null : (
      <p>
        <Link to={to}>{t('application.resume.edit')}</Link>
      </p>
    )
  return (
    <>
      <PageHeader title={t('application.resume.title')} lead={t('application.resume.lead')} />
      <ApplicationSteps steps={data.steps} current="resume" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      <Card title={t('application.steps.biodata')}>
        <dl className="summary">
          <IdentityRows identity={data.identity} />
          {data.biodata ? (
            <>
              <div>
                <dt>{t('application.biodata.address')}</dt>
                <dd>
                  {data.biodata.address}, {data.biodata.city} {data.biodata.postalCode}
                </dd>
              </div>
              <div>
                <dt>{t('application.biodata.maritalStatus')}</dt>
                <dd>{t(`application.biodata.marital.${data.biodata.maritalStatus}`)}</dd>
              </div>
            </>
          ) : null}
        </dl>
        {edit('/lamaran/biodata')}
      </Card>
      <Card title={t('application.steps.formasi')}>
        {data.vacancy ? (
          <dl className="summary">
            <div>
              <dt>{t('application.formasi.agency')}</dt>
              <dd>{data.vacancy.agency}</dd>
            </div>
            <div>
              <dt>{t('application.formasi.vacancy')}</dt>
              <dd>
                {data.vacancy.position} — {data.vacancy.unit}, {data.vacancy.location}
              </dd>
            </div>
            <div>
              <dt>{t('application.formasi.formasiType')}</dt>
              <dd>{data.vacancy.formasiType}</dd>
            </div>
          </dl>
        ) : (
          <p>{t('application.dashboard.noChoice')}</p>
        )}
        {edit('/lamaran/formasi')}
      </Card>
      <Card title={t('application.steps.education')}>
        {data.education ? (
          <dl className="summary">
            <div>
              <dt>{t('application.education.level')}</dt>
              <dd>{data.education.level}</dd>
            </div>
            <div>
              <dt>{t('application.education.university')}</dt>
              <dd>{data.education.university}</dd>
            </div>
            <div>
              <dt>{t('application.education.studyProgram')}</dt>
              <dd>{data.education.programme}</dd>
            </div>
            <div>
              <dt>{t('application.education.diplomaNumber')}</dt>
              <dd>{data.education.diplomaNumber}</dd>
            </div>
            <div>
              <dt>{t('application.education.gpa')}</dt>
              <dd>
                {data.education.gpa.toFixed(2)}
                {data.education.cumlaude ? ' (cumlaude)' : ''}
              </dd>
            </div>
          </dl>
        ) : null}
        {edit('/lamaran/pendidikan')}
      </Card>
      <Card title={t('application.steps.workHistory')}>
        {data.work.length ? (
          <ul>
            {data.work.map((w, i) => (
              <li key={i}>
                {w.jobTitle} — {w.employer} ({w.startMonth} – {w.endMonth ?? t('application.work.current')})
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('application.work.none')}</p>
        )}
        {edit('/lamaran/riwayat-kerja')}
      </Card>
      <Card title={t('application.steps.documents')}>
        <ul>
          {data.documents.map((d) => (
            <li key={d.code}>
              {d.label}:{' '}
              {d.current ? (
                <a href={`/lamaran/dokumen/${d.current.id}`}>
                  {d.current.fileName} ({d.current.sizeKb} KB)
                </a>
              ) : (
                <strong>{t('application.documents.missing')}</strong>
              )}
            </li>
          ))}
        </ul>
        {edit('/lamaran/dokumen')}
      </Card>
      <FormErrors errors={form.errors} render={errorText} />
      {data.locked ? (
        <p>
          <a href="/lamaran/kartu">{t('application.dashboard.card')}</a>
        </p>
      ) : missing.length ? (
        <Alert tone="warning">{t('application.resume.incomplete', { steps: missing.join(', ') })}</Alert>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <div className="checkbox">
            <input
              type="checkbox"
              id="statement"
              name={fields.statement.name}
              aria-invalid={fields.statement.errors ? true : undefined}
              aria-describedby={fields.statement.errors ? 'statement-error' : undefined}
            />
            <label htmlFor="statement">{t('application.resume.statement')}</label>
          </div>
          {fields.statement.errors ? (
            <p className="error" id="statement-error">
              {fields.statement.errors.map(errorText).join(' ')}
            </p>
          ) : null}
          <Button disabled={navigation.state === 'submitting'}>{t('application.resume.finalise')}</Button>
        </Form>
      )}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Resume · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
