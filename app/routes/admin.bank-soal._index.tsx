import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  MaxPartSizeExceededError,
  json,
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
import { bankCoverage, importBankFile, listBankItems } from '~/models/question-bank.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'

/**
 * The question bank for the national admin (Panselnas): coverage per blueprint, the item list with
 * version counts, and a GIFT / Moodle XML import with its report (issue 6, ADR 013).
 */
const PERMISSION = 'manage:selection:any' as const
const IMPORT_MAX_BYTES = 5 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  const url = new URL(request.url)
  const difficulty = Number(url.searchParams.get('kesulitan'))
  const filter = {
    subtest: url.searchParams.get('subtes') ?? '',
    topic: url.searchParams.get('topik') ?? '',
    difficulty: difficulty === 1 || difficulty === 2 || difficulty === 3 ? difficulty : 0,
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 80),
    page: Math.max(1, Number(url.searchParams.get('halaman')) || 1),
  }
  const [coverage, list] = await Promise.all([bankCoverage(), listBankItems(filter)])
  return json({ filter, coverage, list })
}

const ImportSchema = z.object({
  file: z.custom<File>((v) => typeof v === 'object' && v !== null && typeof (v as Blob).arrayBuffer === 'function' && (v as Blob).size > 0, {
    message: 'bank.fileRequired',
  }),
})

type Report = {
  file: string
  valid: number
  created: number
  versions: number
  updated: number
  unchanged: number
  imported: { ref: string; id: string; notes: string[] }[]
  skipped: { ref: string; reason: string }[]
}
type ActionData = { result?: SubmissionResult<string[]>; error?: { key: string; params?: Record<string, number> }; report?: Report }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_MAX_BYTES }))
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) {
      return json<ActionData>({ error: { key: 'bank.tooLarge', params: { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 } } }, { status: 413 })
    }
    throw err
  }
  const submission = parseWithZod(formData, { schema: ImportSchema })
  if (submission.status !== 'success') return json<ActionData>({ result: submission.reply({ hideFields: ['file'] }) }, { status: 400 })
  const { file } = submission.value
  const outcome = await importBankFile(file.name, await file.text(), actorFrom(request, context, user))
  if ('error' in outcome) return json<ActionData>({ result: submission.reply({ hideFields: ['file'] }), error: { key: 'bank.unknownFormat' } }, { status: 400 })
  const u = outcome.upsert
  const conflicts = new Map((u?.conflicts ?? []).map((c) => [c.id, c.reason]))
  const report: Report = {
    file: file.name,
    valid: outcome.parsed.items.length,
    created: u?.created.length ?? 0,
    versions: u?.newVersions.length ?? 0,
    updated: (u?.updated.length ?? 0) + (u?.reactivated.length ?? 0),
    unchanged: u?.unchanged ?? 0,
    imported: outcome.parsed.items.filter((i) => !conflicts.has(i.item.id)).map((i) => ({ ref: i.ref, id: i.item.id, notes: i.notes })),
    skipped: [
      ...outcome.parsed.skipped,
      ...outcome.parsed.items.filter((i) => conflicts.has(i.item.id)).map((i) => ({ ref: i.ref, reason: conflicts.get(i.item.id)! })),
    ],
  }
  return json<ActionData>({ result: submission.reply({ resetForm: true }), report })
}

export default function QuestionBankPage() {
  const { t } = useTranslation()
  const { filter, coverage, list } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const busy = useNavigation().state !== 'idle'
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportSchema }),
  })
  const report = actionData?.report
  const pageLink = (page: number) => {
    const p = new URLSearchParams({ subtes: filter.subtest, topik: filter.topic, kesulitan: String(filter.difficulty || ''), q: filter.q, halaman: String(page) })
    return `?${p.toString()}`
  }
  const difficultyOptions = [{ value: '', label: t('bank.all') }, ...(['1', '2', '3'] as const).map((d) => ({ value: d, label: t(`bank.difficulties.${d}`) }))]

  return (
    <>
      <PageHeader title={t('bank.title')} lead={t('bank.lead')} />

      <Card title={t('bank.import')}>
        <p className="hint">{t('bank.importHint')}</p>
        {actionData?.error ? <Alert tone="error">{t(actionData.error.key, actionData.error.params)}</Alert> : null}
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
          <Field label={t('bank.file')} type="file" name={fields.file.name} errors={fields.file.errors?.map((e) => t(e))} required />
          <p>
            <Button disabled={busy}>{t('bank.importSubmit')}</Button>
          </p>
        </Form>
        {report ? (
          <section aria-labelledby="bank-report">
            <h3 id="bank-report">{t('bank.report', { file: report.file })}</h3>
            <Alert tone={report.skipped.length ? 'warning' : 'success'}>
              {t('bank.reportSummary', {
                valid: report.imported.length,
                created: report.created,
                versions: report.versions,
                updated: report.updated,
                unchanged: report.unchanged,
                skipped: report.skipped.length,
              })}
            </Alert>
            {report.imported.length ? (
              <div className="table-wrap" tabIndex={0} role="group" aria-label={t('bank.imported')}>
                <table aria-label={t('bank.imported')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('bank.question')}</th>
                      <th scope="col">{t('bank.id')}</th>
                      <th scope="col">{t('bank.notes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.imported.map((i) => (
                      <tr key={i.id}>
                        <td>{i.ref}</td>
                        <td>
                          <Link to={`/admin/bank-soal/${i.id}`}>{i.id}</Link>
                        </td>
                        <td>{i.notes.join('; ') || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {report.skipped.length ? (
              <div className="table-wrap" tabIndex={0} role="group" aria-label={t('bank.skipped')}>
                <table aria-label={t('bank.skipped')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('bank.question')}</th>
                      <th scope="col">{t('bank.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.skipped.map((s, i) => (
                      <tr key={i}>
                        <td>{s.ref}</td>
                        <td>{s.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        ) : null}
      </Card>

      <Card title={t('bank.coverage')}>
        <p className="hint">{t('bank.coverageHint')}</p>
        <div className="table-wrap" tabIndex={0} role="group" aria-label={t('bank.coverage')}>
          <table aria-label={t('bank.coverage')}>
            <thead>
              <tr>
                <th scope="col">{t('bank.blueprint')}</th>
                <th scope="col">{t('bank.subtest')}</th>
                <th scope="col">{t('bank.difficulty')}</th>
                <th scope="col">{t('bank.needed')}</th>
                <th scope="col">{t('bank.available')}</th>
                <th scope="col">{t('bank.status')}</th>
              </tr>
            </thead>
            <tbody>
              {coverage.rows.map((r) => (
                <tr key={`${r.blueprint}-${r.subtest}-${r.difficulty}`}>
                  <td>{r.blueprint}</td>
                  <td>{r.subtest}</td>
                  <td>{t(`bank.difficulties.${r.difficulty}`)}</td>
                  <td>{r.count}</td>
                  <td>{r.available}</td>
                  <td>{r.available >= 3 * r.count ? <Badge tone="ok">{t('bank.enough')}</Badge> : <Badge tone="bad">{t('bank.notEnough')}</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title={t('bank.items')}>
        <Form method="get" className="grid" aria-label={t('bank.filter')}>
          <SelectField
            label={t('bank.subtest')}
            name="subtes"
            options={[{ value: '', label: t('bank.all') }, ...coverage.subtests.map((s) => ({ value: s, label: s }))]}
            defaultValue={filter.subtest}
          />
          <SelectField label={t('bank.difficulty')} name="kesulitan" options={difficultyOptions} defaultValue={filter.difficulty ? String(filter.difficulty) : ''} />
          <SelectField
            label={t('bank.topic')}
            name="topik"
            options={[{ value: '', label: t('bank.all') }, ...coverage.topics.map((s) => ({ value: s, label: s }))]}
            defaultValue={filter.topic}
          />
          <Field label={t('bank.search')} name="q" defaultValue={filter.q} />
          <p>
            <Button variant="secondary">{t('bank.show')}</Button>
          </p>
        </Form>
        <p role="status">{t('bank.itemsCount', { total: list.total, page: list.page, pages: list.pages })}</p>
        {list.items.length ? (
          <div className="table-wrap" tabIndex={0} role="group" aria-label={t('bank.items')}>
            <table aria-label={t('bank.items')}>
              <thead>
                <tr>
                  <th scope="col">{t('bank.id')}</th>
                  <th scope="col">{t('bank.subtest')}</th>
                  <th scope="col">{t('bank.topic')}</th>
                  <th scope="col">{t('bank.difficulty')}</th>
                  <th scope="col">{t('bank.version')}</th>
                  <th scope="col">{t('bank.versions')}</th>
                  <th scope="col">{t('bank.status')}</th>
                  <th scope="col">{t('bank.source')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/admin/bank-soal/${i.id}`}>{i.id}</Link>
                    </td>
                    <td>{i.subtest}</td>
                    <td>{i.topic}</td>
                    <td>{t(`bank.difficulties.${i.difficulty as 1 | 2 | 3}`)}</td>
                    <td>{i.currentVersion}</td>
                    <td>{i.versionCount}</td>
                    <td>{i.isActive ? <Badge tone="ok">{t('bank.active')}</Badge> : <Badge>{t('bank.inactive')}</Badge>}</td>
                    <td>{i.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('bank.noItems')}</p>
        )}
        <nav aria-label={t('bank.pages')} className="pager">
          {list.page > 1 ? <Link to={pageLink(list.page - 1)}>{t('bank.previous')}</Link> : null}{' '}
          {list.page < list.pages ? <Link to={pageLink(list.page + 1)}>{t('bank.next')}</Link> : null}
        </nav>
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Bank soal · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
