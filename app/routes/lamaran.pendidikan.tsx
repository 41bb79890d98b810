import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ApplicationSteps, FormErrors } from '~/components/application-steps'
import { useErrorText } from '~/components/registration-steps'
import { EducationSchema, StoredEducationSchema } from '~/domain/application/steps'
import { EDUCATION_LEVELS } from '~/domain/selection/rules'
import { listStudyPrograms, saveEducation } from '~/models/application.server'
import { refusal, requireApplication } from '~/utils/application-route.server'
import { actorFrom } from '~/utils/request.server'

// Step 3 (domain.md §1 B4): level, university, study programme from the national list (chosen
// per level with a GET form, so it works without JavaScript), diploma number, GPA, cumlaude.
export async function loader({ request }: LoaderFunctionArgs) {
  const { application, steps } = await requireApplication(request)
  const saved = StoredEducationSchema.safeParse(application.education)
  const asked = new URL(request.url).searchParams.get('jenjang')
  const level = (EDUCATION_LEVELS as readonly string[]).includes(asked ?? '') ? asked! : saved.success ? saved.data.level : ''
  const programmes = level ? await listStudyPrograms(level) : []
  return json({
    locked: application.status !== 'DRAFT',
    kind: application.selectionKind,
    steps,
    level,
    programmes: programmes.map((p) => ({ value: p.code, label: p.name })),
    saved: saved.success
      ? {
          level: saved.data.level,
          university: saved.data.university,
          studyProgramCode: saved.data.studyProgramCode,
          diplomaNumber: saved.data.diplomaNumber,
          gpa: saved.data.gpa.toFixed(2),
          cumlaude: saved.data.cumlaude ? 'on' : '',
        }
      : null,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, application } = await requireApplication(request)
  const submission = parseWithZod(await request.formData(), { schema: EducationSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const saved = await saveEducation(application.id, user.id, submission.value, actorFrom(request, context, user))
  if (!saved.ok) {
    if (saved.error === 'unknownStudyProgram') {
      return json({ result: submission.reply({ fieldErrors: { studyProgramCode: ['application.errors.unknownStudyProgram'] } }) }, { status: 400 })
    }
    return refusal(saved.error)
  }
  return redirect(application.selectionKind === 'PPPK' ? '/lamaran/riwayat-kerja' : application.vacancyId ? '/lamaran/dokumen' : '/lamaran/formasi')
}

export default function EducationPage() {
  const { t } = useTranslation()
  const errorText = useErrorText()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    defaultValue: data.saved ? { ...data.saved, level: data.level } : { level: data.level },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EducationSchema }),
  })
  const errors = (list?: string[]) => list?.map(errorText)
  const levels = EDUCATION_LEVELS.map((l) => ({ value: l, label: l }))
  return (
    <div className="narrow">
      <PageHeader title={t('application.education.title')} lead={t('application.education.lead')} />
      <ApplicationSteps steps={data.steps} current="education" workHistoryOptional={data.kind === 'CPNS'} />
      {data.locked ? <Alert tone="info">{t('application.locked')}</Alert> : null}
      <FormErrors errors={form.errors} render={errorText} />
      {data.locked ? null : (
        <>
          <Form method="get">
            <SelectField
              label={t('application.education.level')}
              name="jenjang"
              defaultValue={data.level}
              options={[{ value: '', label: t('application.biodata.choose') }, ...levels]}
              required
            />
            <Button variant="secondary">{t('application.education.showPrograms')}</Button>
          </Form>
          {data.level ? (
            <Form method="post" {...getFormProps(form)}>
              <input type="hidden" name={fields.level.name} value={data.level} />
              <p>
                {t('application.education.level')}: <strong>{data.level}</strong>
              </p>
              <Field
                label={t('application.education.university')}
                name={fields.university.name}
                defaultValue={fields.university.initialValue}
                errors={errors(fields.university.errors)}
                required
              />
              <SelectField
                label={t('application.education.studyProgram')}
                name={fields.studyProgramCode.name}
                defaultValue={fields.studyProgramCode.initialValue ?? ''}
                options={[{ value: '', label: t('application.biodata.choose') }, ...data.programmes]}
                errors={errors(fields.studyProgramCode.errors)}
                required
              />
              <Field
                label={t('application.education.diplomaNumber')}
                name={fields.diplomaNumber.name}
                defaultValue={fields.diplomaNumber.initialValue}
                errors={errors(fields.diplomaNumber.errors)}
                required
              />
              <Field
                label={t('application.education.gpa')}
                name={fields.gpa.name}
                defaultValue={fields.gpa.initialValue}
                errors={errors(fields.gpa.errors)}
                hint={t('application.education.gpaHint')}
                inputMode="text"
                required
              />
              <div className="checkbox">
                <input type="checkbox" id="cumlaude" name={fields.cumlaude.name} defaultChecked={data.saved?.cumlaude === 'on'} />
                <label htmlFor="cumlaude">{t('application.education.cumlaude')}</label>
              </div>
              <Button>{t('application.save')}</Button>
            </Form>
          ) : (
            <p className="hint">{t('application.education.studyProgramHint')}</p>
          )}
        </>
      )}
      <p>
        <Link to="/lamaran">{t('application.back')}</Link>
      </p>
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pendidikan · Lamaran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
