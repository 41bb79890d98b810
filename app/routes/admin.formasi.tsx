import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { FormationRowsTable, pageOfRows } from '~/components/formation-rows'
import { decideFormation, getFormation, listAllFormations, listSubmittedFormations } from '~/models/formation.server'
import { listPeriods } from '~/models/selection.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'manage:selection:any' as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  const url = new URL(request.url)
  const id = url.searchParams.get('id')
  if (id) {
    const f = await getFormation(id, 'all')
    if (!f) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
    return json({
      view: 'detail' as const,
      result: url.searchParams.get('hasil'),
      // What the approval just published, carried over the redirect for the confirmation.
      published: {
        created: url.searchParams.get('baru') ?? '—',
        updated: url.searchParams.get('diperbarui') ?? '—',
        deactivated: url.searchParams.get('nonaktif') ?? '—',
      },
      formation: {
        id: f.id,
        version: f.version,
        status: f.status,
        agencyName: f.agency.name,
        periodName: f.period.name,
        submittedAt: f.submittedAt,
        decidedAt: f.decidedAt,
        decisionNote: f.decisionNote,
        summary: f.summary,
        ...pageOfRows(f.rows, url.searchParams.get('halaman')),
      },
    })
  }
  const periods = (await listPeriods()).map((p) => ({ id: p.id, name: p.name }))
  const periodId = periods.find((p) => p.id === url.searchParams.get('periode'))?.id
  const [pending, all] = await Promise.all([listSubmittedFormations(periodId), listAllFormations(periodId)])
  return json({ view: 'list' as const, periods, periodId: periodId ?? '', pending, all })
}

const DecideSchema = z
  .object({
    intent: z.literal('decide'),
    formationId: z.string().min(1).max(64),
    decision: z.enum(['APPROVE', 'REJECT']),
    note: z.string().trim().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'REJECT' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'formation.errors.noteRequired' })
  })

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: DecideSchema })
  if (submission.status !== 'success') {
    return json({ result: submission.reply() as SubmissionResult<string[]>, error: null as string | null }, { status: 400 })
  }
  const { formationId, decision, note } = submission.value
  const outcome = await decideFormation(formationId, decision, note ?? null, actorFrom(request, context, user))
  if (!outcome) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  if (!outcome.ok) return json({ result: submission.reply() as SubmissionResult<string[]>, error: outcome.error as string | null }, { status: 409 })
  const params = new URLSearchParams({ id: formationId, hasil: decision === 'APPROVE' ? 'disetujui' : 'ditolak' })
  if (outcome.publication) {
    params.set('baru', String(outcome.publication.positionsCreated))
    params.set('diperbarui', String(outcome.publication.positionsUpdated))
    params.set('nonaktif', String(outcome.publication.positionsDeactivated.length))
  }
  return redirect(`/admin/formasi?${params.toString()}`)
}

const STATUS_TONE = { DRAFT: 'neutral', SUBMITTED: 'warn', APPROVED: 'ok', REJECTED: 'bad', SUPERSEDED: 'neutral' } as const

export default function FormationApprovalPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('formation.admin.title')} lead={t('formation.admin.intro')} />
      {data.view === 'detail' ? <Detail formation={data.formation} result={data.result} published={data.published} /> : <List {...data} />}
    </>
  )
}

type ListData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { view: 'list' }>

function List({ periods, periodId, pending, all }: ListData) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')
  return (
    <>
      <Form method="get" className="grid">
        <SelectField
          label={t('formation.period')}
          name="periode"
          options={[{ value: '', label: t('formation.admin.allPeriods') }, ...periods.map((p) => ({ value: p.id, label: p.name }))]}
          defaultValue={periodId}
        />
        <p>
          <Button variant="secondary">{t('formation.show')}</Button>
        </p>
      </Form>

      <Card title={t('formation.admin.pending')}>
        {pending.length ? (
          <div className="table-wrap" tabIndex={0} role="group" aria-label={t('formation.admin.pending')}>
            <table aria-label={t('formation.admin.pending')}>
              <thead>
                <tr>
                  <th scope="col">{t('formation.agency')}</th>
                  <th scope="col">{t('formation.period')}</th>
                  <th scope="col">{t('formation.version')}</th>
                  <th scope="col">{t('formation.rows')}</th>
                  <th scope="col">{t('formation.totalVacancies')}</th>
                  <th scope="col">{t('formation.submittedAt')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('formation.admin.review')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((f) => (
                  <tr key={f.id}>
                    <td>{f.agency.name}</td>
                    <td>{f.period.name}</td>
                    <td>{f.version}</td>
                    <td>{f.rowCount}</td>
                    <td>{f.totalVacancies}</td>
                    <td>{when(f.submittedAt)}</td>
                    <td>
                      <Link to={`/admin/formasi?id=${f.id}`} aria-label={t('formation.admin.reviewOf', { agency: f.agency.name, version: f.version })}>
                        {t('formation.admin.review')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('formation.admin.noPending')}</p>
        )}
      </Card>

      <Card title={t('formation.admin.all')}>
        {all.length ? (
          <div className="table-wrap" tabIndex={0} role="group" aria-label={t('formation.admin.all')}>
            <table aria-label={t('formation.admin.all')}>
              <thead>
                <tr>
                  <th scope="col">{t('formation.agency')}</th>
                  <th scope="col">{t('formation.period')}</th>
                  <th scope="col">{t('formation.version')}</th>
                  <th scope="col">{t('formation.status')}</th>
                  <th scope="col">{t('formation.rows')}</th>
                  <th scope="col">{t('formation.totalVacancies')}</th>
                  <th scope="col">{t('formation.decidedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {all.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <Link to={`/admin/formasi?id=${f.id}`} aria-label={t('formation.admin.viewOf', { agency: f.agency.name, version: f.version })}>
                        {f.agency.name}
                      </Link>
                    </td>
                    <td>{f.period.name}</td>
                    <td>{f.version}</td>
                    <td>
                      <Badge tone={STATUS_TONE[f.status]}>{t(`formation.statuses.${f.status}`)}</Badge>
                    </td>
                    <td>{f.rowCount}</td>
                    <td>{f.totalVacancies}</td>
                    <td>{when(f.decidedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('formation.admin.none')}</p>
        )}
      </Card>
    </>
  )
}

type DetailData = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { view: 'detail' }>

function Detail({ formation: f, result, published }: Pick<DetailData, 'formation' | 'result' | 'published'>) {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecideSchema }),
  })
  return (
    <>
      <p>
        <Link to="/admin/formasi">{t('formation.admin.back')}</Link>
      </p>
      {result === 'disetujui' ? (
        <Alert tone="success">
          {t('formation.admin.approved', published)}
        </Alert>
      ) : null}
      {result === 'ditolak' ? <Alert tone="success">{t('formation.admin.rejected')}</Alert> : null}
      {actionData?.error ? <Alert tone="error">{t(actionData.error)}</Alert> : null}

      <Card title={t('formation.admin.detail', { agency: f.agencyName, version: f.version })}>
        <dl className="formation-facts">
          <dt>{t('formation.period')}</dt>
          <dd>{f.periodName}</dd>
          <dt>{t('formation.status')}</dt>
          <dd>
            <Badge tone={STATUS_TONE[f.status]}>{t(`formation.statuses.${f.status}`)}</Badge>
          </dd>
          <dt>{t('formation.positions')}</dt>
          <dd>{f.summary.positions}</dd>
          <dt>{t('formation.rows')}</dt>
          <dd>{f.summary.rows}</dd>
          <dt>{t('formation.totalVacancies')}</dt>
          <dd>{f.summary.totalVacancies}</dd>
          <dt>{t('formation.submittedAt')}</dt>
          <dd>{f.submittedAt ? formatDateTime(f.submittedAt, { timeZone, locale }) : '—'}</dd>
          {f.decisionNote ? (
            <>
              <dt>{t('formation.decisionNote')}</dt>
              <dd>{f.decisionNote}</dd>
            </>
          ) : null}
        </dl>
        <p>
          {t('formation.export')}:{' '}
          <a href={`/instansi/formasi/${f.id}/ekspor?format=xlsx`} download>
            {t('formation.exportXlsx')}
          </a>{' '}
          ·{' '}
          <a href={`/instansi/formasi/${f.id}/ekspor?format=csv`} download>
            {t('formation.exportCsv')}
          </a>
        </p>
        <FormationRowsTable rows={f.rows} page={f.page} pages={f.pages} />
      </Card>

      {f.status === 'SUBMITTED' ? (
        <Card title={t('formation.admin.decide')}>
          <p className="hint">{t('formation.admin.publishHint')}</p>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="formationId" value={f.id} />
            <Field
              label={t('formation.admin.note')}
              name={fields.note.name}
              hint={t('formation.admin.noteHint')}
              defaultValue={fields.note.initialValue as string | undefined}
              errors={fields.note.errors?.map((e) => t(e))}
              maxLength={1000}
            />
            <p className="row-actions">
              <Button name="decision" value="APPROVE" disabled={busy}>
                {t('formation.admin.approve')}
              </Button>{' '}
              <Button name="decision" value="REJECT" variant="danger" disabled={busy}>
                {t('formation.admin.reject')}
              </Button>
            </p>
          </Form>
        </Card>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Persetujuan formasi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
