import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, Card, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { DeclarationSchema } from '~/domain/assessment/conflicts'
import { declareInterests, getAssessorBatch } from '~/models/assessment.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'grade:assessment:assigned' as const
const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

/**
 * One batch for an assessor. Before the declaration of interests nothing about candidates leaves
 * the server; after it, only the assessor's own tasks by candidate code (issue 7).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const batch = await getAssessorBatch(params.batchId ?? '', user.id)
  if (!batch) throw notFound()
  return json({ ...batch, result: new URL(request.url).searchParams.get('hasil') })
}

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)

/** The form's text areas ("a | b | c" per line) into the declaration; a malformed line is named. */
function declarationFrom(form: FormData) {
  const errors: Record<string, string> = {}
  const studyPrograms = lines(form.get('studyPrograms')).map((line, i) => {
    const [university = '', studyProgramCode = '', year = ''] = line.split('|').map((p) => p.trim())
    if (!/^\d{4}$/.test(year)) errors.studyPrograms = `assessment.declare.errors.studyLine|${i + 1}`
    return { university, studyProgramCode, untilYear: Number(year) }
  })
  const persons = lines(form.get('persons')).map((line, i) => {
    const [name = '', nik = '', relation = ''] = line.split('|').map((p) => p.trim())
    if (nik && !/^\d{16}$/.test(nik)) errors.persons = `assessment.declare.errors.personLine|${i + 1}`
    return { name, nik: nik || undefined, relation }
  })
  const parsed = DeclarationSchema.safeParse({
    kk: form.get('kk'),
    nik: form.get('nik'),
    workplaces: lines(form.get('workplaces')),
    studyPrograms,
    persons,
    statement: form.get('statement') === 'on',
  })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form')
      errors[field] ??= issue.message.startsWith('assessment.') ? issue.message : `assessment.declare.errors.${field}`
    }
  }
  return Object.keys(errors).length || !parsed.success ? { errors } : { declaration: parsed.data }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const form = await request.formData()
  const parsed = declarationFrom(form)
  if (!parsed.declaration) return json({ errors: parsed.errors, error: null }, { status: 400 })
  const result = await declareInterests(params.batchId ?? '', user.id, parsed.declaration, actorFrom(request, context, user))
  if (!result) throw notFound()
  if (!result.ok) return json({ errors: {} as Record<string, string>, error: result.error }, { status: 409 })
  return redirect(`/asesor/${params.batchId}?hasil=dinyatakan`)
}

export default function AssessorBatch() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const err = (field: string) => {
    const raw = actionData?.errors?.[field]
    if (!raw) return null
    const [key, line] = raw.split('|')
    return t(key!, { line })
  }
  return (
    <>
      <PageHeader title={data.batch.name} lead={t('assessment.assessor.batchLead', { agency: data.agencyName, position: data.positionName })} />
      <p>
        <Link to="/asesor">{t('assessment.assessor.back')}</Link>
      </p>
      <Card title={t('assessment.assessor.rules')}>
        <p>{t('assessment.assessor.blindRule')}</p>
        <p>{t(`assessment.rules.${data.config.finalScoreRule}`, { gap: data.config.gapThreshold })}</p>
      </Card>

      {!data.declaredAt ? (
        <Card title={t('assessment.declare.title')}>
          <Alert tone="warning">{t('assessment.declare.before')}</Alert>
          {actionData?.error ? <Alert tone="error">{t(actionData.error)}</Alert> : null}
          <Form method="post" noValidate>
            <Field label={t('assessment.declare.kk')} name="kk" inputMode="numeric" maxLength={16} hint={t('assessment.declare.kkHint')} errors={err('kk')} />
            <Field label={t('assessment.declare.nik')} name="nik" inputMode="numeric" maxLength={16} errors={err('nik')} />
            <TextArea name="workplaces" label={t('assessment.declare.workplaces')} hint={t('assessment.declare.workplacesHint')} error={err('workplaces')} />
            <TextArea name="studyPrograms" label={t('assessment.declare.studyPrograms')} hint={t('assessment.declare.studyProgramsHint')} error={err('studyPrograms')} />
            <TextArea name="persons" label={t('assessment.declare.persons')} hint={t('assessment.declare.personsHint')} error={err('persons')} />
            <div className="field">
              <label>
                <input type="checkbox" name="statement" required aria-invalid={err('statement') ? true : undefined} /> {t('assessment.declare.statement')}
              </label>
              {err('statement') ? <p className="error">{err('statement')}</p> : null}
            </div>
            <Button disabled={busy}>{t('assessment.declare.submit')}</Button>
          </Form>
        </Card>
      ) : (
        <Card title={t('assessment.assessor.tasks')}>
          {data.result === 'dinyatakan' ? <Alert tone="success">{t('assessment.declare.done')}</Alert> : null}
          {data.result === 'mundur' ? <Alert tone="success">{t('assessment.assessor.recused')}</Alert> : null}
          <p className="hint">{t('assessment.assessor.declaredAt', { at: formatDateTime(data.declaredAt, { locale, timeZone }) })}</p>
          {data.tasks.length ? (
            <div className="table-wrap" tabIndex={0}>
              <table aria-label={t('assessment.assessor.tasks')}>
                <thead>
                  <tr>
                    <th scope="col">{t('assessment.code')}</th>
                    <th scope="col">{t('assessment.role')}</th>
                    <th scope="col">{t('assessment.status')}</th>
                    <th scope="col">{t('assessment.session')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.tasks.map((task) => (
                    <tr key={task.code}>
                      <td>
                        <Link to={`/asesor/${data.batch.id}/${task.code}`} className="mono">
                          {task.code}
                        </Link>
                      </td>
                      <td>{t(`assessment.roles.${task.role}`)}</td>
                      <td>
                        {task.submittedAt ? <Badge tone="ok">{t('assessment.submittedFinal')}</Badge> : <Badge tone="warn">{t('assessment.notScored')}</Badge>}
                        {task.correction === 'PENDING' ? <> <Badge>{t('assessment.correctionPending')}</Badge></> : null}
                      </td>
                      <td>{task.session ? formatDateTime(task.session, { locale, timeZone }) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Alert tone="info">{t('assessment.assessor.noTasksYet')}</Alert>
          )}
        </Card>
      )}
    </>
  )
}

function TextArea({ name, label, hint, error }: { name: string; label: string; hint: string; error: string | null }) {
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <p className="hint" id={`f-${name}-hint`}>
        {hint}
      </p>
      <textarea id={`f-${name}`} name={name} rows={3} aria-describedby={`f-${name}-hint${error ? ` f-${name}-error` : ''}`} aria-invalid={error ? true : undefined} />
      {error ? (
        <p className="error" id={`f-${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pernyataan & tugas asesor · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
