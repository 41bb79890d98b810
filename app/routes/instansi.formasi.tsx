import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  MaxPartSizeExceededError,
  json,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormationErrorsTable, FormationRowsTable, pageOfRows } from '~/components/formation-rows'
import { agenciesWith } from '~/domain/identity/roles'
import { FORMATION_MAX_BYTES, type FormationError } from '~/domain/selection/formation'
import {
  currentFormations,
  getFormation,
  importFormation,
  startNewVersion,
  submitFormation,
} from '~/models/formation.server'
import { listPeriods } from '~/models/selection.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'manage:formation:agency' as const
const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const agencyIds = agenciesWith(user.grants, PERMISSION)
  const agencies = [...new Map(user.grants.filter((g) => g.agencyId && agencyIds.includes(g.agencyId)).map((g) => [g.agencyId!, g.agencyName ?? g.agencyId!])).entries()].map(
    ([id, name]) => ({ id, name }),
  )
  const url = new URL(request.url)
  const periods = (await listPeriods()).map((p) => ({ id: p.id, name: p.name, isDemo: p.isDemo }))

  // A version asked for by id is looked up within the user's agencies only: another agency's id is a 404.
  const askedId = url.searchParams.get('id')
  let selected = askedId ? await getFormation(askedId, agencyIds) : null
  if (askedId && !selected) throw notFound()

  const askedPeriod = url.searchParams.get('periode')
  const periodId =
    selected?.periodId ??
    periods.find((p) => p.id === askedPeriod)?.id ??
    periods.find((p) => p.isDemo)?.id ??
    periods[0]?.id ??
    null
  const askedAgency = url.searchParams.get('instansi')
  if (askedAgency && !agencyIds.includes(askedAgency)) throw notFound()
  const agencyId = selected?.agencyId ?? askedAgency ?? agencies[0]?.id ?? null

  const versions = periodId && agencyId ? await currentFormations(periodId, agencyId) : []
  if (!selected && versions[0]) selected = await getFormation(versions[0].id, agencyIds)
  const page = selected ? pageOfRows(selected.rows, url.searchParams.get('halaman')) : null

  return json({
    periods,
    agencies,
    periodId,
    agencyId,
    versions,
    latest: versions[0] ?? null,
    result: url.searchParams.get('hasil'),
    selected: selected
      ? {
          id: selected.id,
          version: selected.version,
          status: selected.status,
          decisionNote: selected.decisionNote,
          summary: selected.summary,
          ...page!,
        }
      : null,
  })
}

const fileField = z.custom<File>(
  (v) => typeof v === 'object' && v !== null && typeof (v as Blob).arrayBuffer === 'function' && (v as Blob).size > 0,
  { message: 'formation.errors.fileRequired' },
)

const ImportSchema = z.object({
  intent: z.literal('import'),
  periodId: z.string().min(1).max(64),
  agencyId: z.string().min(1).max(64),
  file: fileField,
})
const SubmitSchema = z.object({ intent: z.literal('submit'), formationId: z.string().min(1).max(64) })
const NewVersionSchema = z.object({ intent: z.literal('newVersion'), periodId: z.string().min(1).max(64), agencyId: z.string().min(1).max(64) })

type ActionData =
  | { intent: 'import'; result?: SubmissionResult<string[]>; fileError?: { key: string; params?: Record<string, string | number> }; errors?: FormationError[]; total?: number; stateError?: string }
  | { intent: 'submit' | 'newVersion'; error: string }

/** How many problems the page lists; the count of the rest is shown. */
const SHOWN_ERRORS = 500

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const agencyIds = agenciesWith(user.grants, PERMISSION)
  const actor = actorFrom(request, context, user)

  let formData: FormData
  try {
    formData = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
      ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: FORMATION_MAX_BYTES }))
      : await request.formData()
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) {
      return json<ActionData>(
        { intent: 'import', fileError: { key: 'formation.fileErrors.tooLarge', params: { maxMb: FORMATION_MAX_BYTES / 1024 / 1024 } } },
        { status: 413 },
      )
    }
    throw err
  }
  const intent = formData.get('intent')
  const back = (params: Record<string, string>) => `/instansi/formasi?${new URLSearchParams(params).toString()}`

  if (intent === 'submit') {
    const submission = parseWithZod(formData, { schema: SubmitSchema })
    if (submission.status !== 'success') throw new Response('Bad request', { status: 400 })
    const outcome = await submitFormation(submission.value.formationId, agencyIds, actor)
    if (!outcome) throw notFound()
    if (!outcome.ok) return json<ActionData>({ intent: 'submit', error: outcome.error }, { status: 409 })
    return redirect(back({ id: submission.value.formationId, hasil: 'diajukan' }))
  }

  if (intent === 'newVersion') {
    const submission = parseWithZod(formData, { schema: NewVersionSchema })
    if (submission.status !== 'success') throw new Response('Bad request', { status: 400 })
    if (!agencyIds.includes(submission.value.agencyId)) throw notFound()
    const outcome = await startNewVersion(submission.value.periodId, submission.value.agencyId, actor)
    if (!outcome.ok) return json<ActionData>({ intent: 'newVersion', error: outcome.error }, { status: 409 })
    return redirect(back({ id: outcome.formationId, hasil: 'versi' }))
  }

  const submission = parseWithZod(formData, { schema: ImportSchema })
  if (submission.status !== 'success') {
    return json<ActionData>({ intent: 'import', result: submission.reply({ hideFields: ['file'] }) }, { status: 400 })
  }
  const { periodId, agencyId, file } = submission.value
  if (!agencyIds.includes(agencyId)) throw notFound()
  const outcome = await importFormation(periodId, agencyId, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, actor)
  if (outcome.ok) return redirect(back({ id: outcome.formationId, hasil: 'diimpor' }))
  if (outcome.kind === 'file') return json<ActionData>({ intent: 'import', result: submission.reply({ hideFields: ['file'] }), fileError: outcome.error }, { status: 400 })
  if (outcome.kind === 'state') return json<ActionData>({ intent: 'import', result: submission.reply({ hideFields: ['file'] }), stateError: outcome.error }, { status: 409 })
  return json<ActionData>(
    { intent: 'import', result: submission.reply({ hideFields: ['file'] }), errors: outcome.errors.slice(0, SHOWN_ERRORS), total: outcome.errors.length },
    { status: 400 },
  )
}

const STATUS_TONE = { DRAFT: 'neutral', SUBMITTED: 'warn', APPROVED: 'ok', REJECTED: 'bad', SUPERSEDED: 'neutral' } as const

export default function AgencyFormationPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const { periods, agencies, periodId, agencyId, versions, latest, selected, result } = data
  const importData = actionData?.intent === 'import' ? actionData : null
  const otherError = actionData && actionData.intent !== 'import' ? actionData.error : null

  const [form, fields] = useForm({
    lastResult: importData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportSchema }),
  })
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')

  return (
    <>
      <PageHeader title={t('formation.title')} lead={t('formation.intro')} />

      {!agencies.length ? <Alert tone="warning">{t('formation.noAgency')}</Alert> : null}
      {!periods.length ? <Alert tone="info">{t('formation.noPeriods')}</Alert> : null}

      {selected && result === 'diimpor' ? (
        <Alert tone="success">
          {t('formation.imported', {
            version: selected.version,
            positions: selected.summary.positions,
            rows: selected.summary.rows,
            total: selected.summary.totalVacancies,
          })}
        </Alert>
      ) : null}
      {selected && result === 'diajukan' ? <Alert tone="success">{t('formation.submitted', { version: selected.version })}</Alert> : null}
      {selected && result === 'versi' ? <Alert tone="success">{t('formation.versionStarted', { version: selected.version })}</Alert> : null}
      {otherError ? <Alert tone="error">{t(otherError)}</Alert> : null}

      {periods.length > 1 || agencies.length > 1 ? (
        <Card title={t('formation.choose')}>
          <Form method="get" className="grid">
            <SelectField
              label={t('formation.period')}
              name="periode"
              options={periods.map((p) => ({ value: p.id, label: p.name }))}
              defaultValue={periodId ?? undefined}
            />
            {agencies.length > 1 ? (
              <SelectField
                label={t('formation.agency')}
                name="instansi"
                options={agencies.map((a) => ({ value: a.id, label: a.name }))}
                defaultValue={agencyId ?? undefined}
              />
            ) : (
              <input type="hidden" name="instansi" value={agencyId ?? ''} />
            )}
            <p>
              <Button variant="secondary">{t('formation.show')}</Button>
            </p>
          </Form>
        </Card>
      ) : null}

      {periodId && agencyId ? (
        <>
          <Card title={t('formation.versions')}>
            {versions.length ? (
              <div className="table-wrap" tabIndex={0} role="group" aria-label={t('formation.versions')}>
                <table aria-label={t('formation.versions')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('formation.version')}</th>
                      <th scope="col">{t('formation.status')}</th>
                      <th scope="col">{t('formation.rows')}</th>
                      <th scope="col">{t('formation.totalVacancies')}</th>
                      <th scope="col">{t('formation.createdAt')}</th>
                      <th scope="col">{t('formation.decidedAt')}</th>
                      <th scope="col">{t('formation.decisionNote')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {versions.map((v) => (
                      <tr key={v.id}>
                        <td>
                          {selected?.id === v.id ? (
                            <>
                              {t('formation.versionN', { version: v.version })} <Badge>{t('formation.selected')}</Badge>
                            </>
                          ) : (
                            <Link to={`?id=${v.id}`} aria-label={t('formation.viewVersion', { version: v.version })}>
                              {t('formation.versionN', { version: v.version })}
                            </Link>
                          )}
                        </td>
                        <td>
                          <Badge tone={STATUS_TONE[v.status]}>{t(`formation.statuses.${v.status}`)}</Badge>
                        </td>
                        <td>{v.rowCount}</td>
                        <td>{v.totalVacancies}</td>
                        <td>{when(v.createdAt)}</td>
                        <td>{when(v.decidedAt)}</td>
                        <td>{v.decisionNote ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('formation.noVersions')}</p>
            )}
          </Card>

          <Card title={t('formation.upload')}>
            <p>
              {t('formation.templateHint')}{' '}
              <a href="/instansi/formasi/templat?format=xlsx" download>
                {t('formation.templateXlsx')}
              </a>{' '}
              ·{' '}
              <a href="/instansi/formasi/templat?format=csv" download>
                {t('formation.templateCsv')}
              </a>
            </p>
            {latest?.status === 'SUBMITTED' ? (
              <Alert tone="info">{t('formation.submittedLocked', { version: latest.version })}</Alert>
            ) : (
              <>
                {importData?.fileError ? (
                  <Alert tone="error" title={t('formation.importRejectedTitle')}>
                    {t(importData.fileError.key, importData.fileError.params)}
                  </Alert>
                ) : null}
                {importData?.stateError ? <Alert tone="error">{t(importData.stateError)}</Alert> : null}
                {importData?.errors ? (
                  <>
                    <Alert tone="error" title={t('formation.importRejectedTitle')}>
                      {t('formation.importRejected', { total: importData.total })}
                    </Alert>
                    <FormationErrorsTable errors={importData.errors} total={importData.total ?? importData.errors.length} />
                  </>
                ) : null}
                <p className="hint">
                  {latest?.status === 'DRAFT'
                    ? t('formation.importReplacesDraft', { version: latest.version })
                    : latest
                      ? t('formation.importCreatesVersion')
                      : null}
                </p>
                <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
                  <input type="hidden" name="intent" value="import" />
                  <input type="hidden" name="periodId" value={periodId} />
                  <input type="hidden" name="agencyId" value={agencyId} />
                  <Field
                    label={t('formation.file')}
                    type="file"
                    name={fields.file.name}
                    hint={t('formation.fileHint')}
                    errors={fields.file.errors?.map((e) => t(e))}
                    required
                  />
                  <p>
                    <Button disabled={busy}>{t('formation.importSubmit')}</Button>
                  </p>
                </Form>
                {latest && (latest.status === 'APPROVED' || latest.status === 'REJECTED') ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="newVersion" />
                    <input type="hidden" name="periodId" value={periodId} />
                    <input type="hidden" name="agencyId" value={agencyId} />
                    <p className="hint">{t('formation.newVersionHint')}</p>
                    <Button variant="secondary" disabled={busy}>
                      {t('formation.newVersion', { version: latest.version })}
                    </Button>
                  </Form>
                ) : null}
              </>
            )}
          </Card>

          {selected ? (
            <Card title={t('formation.detail', { version: selected.version, status: t(`formation.statuses.${selected.status}`) })}>
              {selected.status === 'REJECTED' && selected.decisionNote ? (
                <Alert tone="warning" title={t('formation.rejectedTitle', { version: selected.version })}>
                  {selected.decisionNote}
                </Alert>
              ) : null}
              <dl className="formation-facts">
                <dt>{t('formation.positions')}</dt>
                <dd>{selected.summary.positions}</dd>
                <dt>{t('formation.rows')}</dt>
                <dd>{selected.summary.rows}</dd>
                <dt>{t('formation.totalVacancies')}</dt>
                <dd>{selected.summary.totalVacancies}</dd>
              </dl>
              <p>
                {t('formation.export')}:{' '}
                <a href={`/instansi/formasi/${selected.id}/ekspor?format=xlsx`} download>
                  {t('formation.exportXlsx')}
                </a>{' '}
                ·{' '}
                <a href={`/instansi/formasi/${selected.id}/ekspor?format=csv`} download>
                  {t('formation.exportCsv')}
                </a>
              </p>
              {selected.status === 'DRAFT' && selected.summary.rows > 0 ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="submit" />
                  <input type="hidden" name="formationId" value={selected.id} />
                  <p className="hint">{t('formation.submitHint')}</p>
                  <Button disabled={busy}>{t('formation.submit')}</Button>
                </Form>
              ) : null}
              <FormationRowsTable rows={selected.rows} page={selected.page} pages={selected.pages} />
            </Card>
          ) : null}
        </>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Formasi instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
