import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import {
  answerObjection,
  approvePublication,
  approveResignation,
  getRun,
  listObjections,
  listResignations,
  preparePublication,
  recordResignation,
  runOverview,
  startRankingRun,
  withdrawPublication,
} from '~/models/ranking.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'manage:ranking:any' as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const run = await getRun(params.runId ?? '')
  if (!run || run.status !== 'DRAFT') throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const url = new URL(request.url)
  const page = Number(url.searchParams.get('halaman') ?? 1) || 1
  const search = url.searchParams.get('q') ?? ''
  const overview = await runOverview(run.id, { page, search })
  const published = run.publications.find((p) => p.status === 'PUBLISHED') ?? null
  const pending = run.publications.find((p) => p.status === 'PENDING') ?? null
  const [objections, resignations] = published && run.stage !== 'SKD' ? await Promise.all([listObjections(published.id), listResignations(published.id)]) : [[], []]
  return json({
    userId: user.id,
    run: {
      id: run.id,
      stage: run.stage,
      createdAt: run.createdAt,
      entryCount: run.entryCount,
      timings: run.timings as Record<string, number> | null,
      correctionReason: run.correctionReason,
      period: run.period,
      createdBy: run.names[run.createdById] ?? '—',
      normalisation: run.normalisation,
      normalisationChosenBy: run.normalisationChosenById ? (run.names[run.normalisationChosenById] ?? '—') : null,
      normalisationChosenAt: run.normalisationChosenAt,
    },
    publications: run.publications.map((p) => ({
      id: p.id,
      version: p.version,
      status: p.status,
      contentHash: p.contentHash,
      reason: p.reason,
      preparedById: p.preparedById,
      preparedBy: run.names[p.preparedById] ?? '—',
      approvedBy: p.approvedById ? (run.names[p.approvedById] ?? '—') : null,
      publishedAt: p.publishedAt,
    })),
    pendingId: pending?.id ?? null,
    publishedId: published?.id ?? null,
    overview,
    search,
    message: url.searchParams.get('hasil'),
    objections: objections.map((o) => ({ id: o.id, registrationNumber: o.registrationNumber, name: o.name, text: o.text, status: o.status, answer: o.answer })),
    resignations: resignations.map((r) => ({
      id: r.id,
      registrationNumber: r.registrationNumber,
      name: r.name,
      afterNip: r.afterNip,
      reason: r.reason,
      status: r.status,
      replacement: r.replacement ? `${r.replacement.registrationNumber} — ${r.replacement.name}` : null,
      bannedUntilYear: r.bannedUntilYear,
    })),
  })
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('prepare') }),
  z.object({ intent: z.literal('approve'), publicationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('withdraw'), publicationId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('correct'), publicationId: z.string().min(1).max(64), reason: z.string().trim().min(1).max(1000) }),
  z.object({ intent: z.literal('answer'), objectionId: z.string().min(1).max(64), decision: z.enum(['ACCEPTED', 'REJECTED']), answer: z.string().trim().min(1).max(2000) }),
  z.object({ intent: z.literal('resign'), publicationId: z.string().min(1).max(64), registrationNumber: z.string().trim().min(1).max(40), afterNip: z.enum(['0', '1']), reason: z.string().trim().min(1).max(1000) }),
  z.object({ intent: z.literal('approveResignation'), resignationId: z.string().min(1).max(64) }),
])

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const run = await getRun(params.runId ?? '')
  if (!run) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ error: 'reasonRequired' }, { status: 400 })
  const actor = actorFrom(request, context, user)
  const v = parsed.data
  const done = (result: { ok: boolean; error?: string }, message: string) =>
    result.ok ? redirect(`/panitia/peringkat/${run.id}?hasil=${message}`) : json({ error: result.error ?? 'notFound' }, { status: 409 })
  switch (v.intent) {
    case 'prepare':
      return done(await preparePublication(run.id, actor), 'diajukan')
    case 'approve':
      return done(await approvePublication(v.publicationId, actor), 'diumumkan')
    case 'withdraw':
      return done(await withdrawPublication(v.publicationId, actor), 'dibatalkan')
    case 'correct': {
      const started = await startRankingRun({ periodId: run.periodId, stage: run.stage, correctsId: v.publicationId, reason: v.reason }, actor)
      return started.ok ? redirect(`/panitia/peringkat?periode=${run.periodId}&dimulai=1`) : json({ error: started.error }, { status: 409 })
    }
    case 'answer':
      return done(await answerObjection({ objectionId: v.objectionId, decision: v.decision, reason: v.answer }, actor), 'dijawab')
    case 'resign':
      return done(await recordResignation({ publicationId: v.publicationId, registrationNumber: v.registrationNumber, afterNip: v.afterNip === '1', reason: v.reason }, actor), 'dicatat')
    case 'approveResignation':
      return done(await approveResignation(v.resignationId, actor), 'disetujui')
  }
}

const CODE_TONE: Record<string, 'ok' | 'bad' | 'warn' | 'neutral'> = { 'P/L': 'ok', L: 'ok', 'L-1': 'ok', 'L-2': 'ok', P: 'warn', TL: 'bad', TH: 'neutral', DIS: 'bad' }

export default function RankingRunPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { locale, timeZone } = useRootData()
  const busy = navigation.state !== 'idle'
  const pending = data.publications.find((p) => p.id === data.pendingId)
  const published = data.publications.find((p) => p.id === data.publishedId)
  const base = `/panitia/peringkat/${data.run.id}`
  return (
    <>
      <PageHeader
        title={`${t(`ranking.stages.${data.run.stage}`)} — ${data.run.period.name}`}
        lead={`${formatDateTime(data.run.createdAt, { locale, timeZone })} · ${data.run.createdBy} · ${data.run.entryCount.toLocaleString(locale)} ${t('ranking.entries').toLowerCase()}`}
      >
        <p>
          <Link to={`/panitia/peringkat?periode=${data.run.period.id}`}>{t('ranking.back')}</Link>
        </p>
      </PageHeader>
      {actionData && 'error' in actionData ? <Alert tone="error">{t(`ranking.errors.${actionData.error}`)}</Alert> : null}
      {data.run.normalisation !== 'NONE' && data.run.normalisationChosenAt ? (
        <Alert tone="info">
          {t('ranking.normalisation.chosen', { name: data.run.normalisationChosenBy, when: formatDateTime(data.run.normalisationChosenAt, { locale, timeZone }) })}
        </Alert>
      ) : null}
      {data.message === 'diumumkan' ? <Alert tone="success">{t('ranking.pubStatuses.PUBLISHED')}</Alert> : null}
      {data.message === 'diajukan' ? <Alert tone="success">{t('ranking.pubStatuses.PENDING')}</Alert> : null}

      <Card title={t('ranking.codesTitle')}>
        <ul>
          {Object.entries(data.overview.codes).map(([code, n]) => (
            <li key={code}>
              <Badge tone={CODE_TONE[code] ?? 'neutral'}>{code}</Badge> {t(`ranking.codes.${code}`, { defaultValue: code })}: <strong>{n.toLocaleString(locale)}</strong>
            </li>
          ))}
        </ul>
        {data.run.timings ? (
          <details>
            <summary>{t('ranking.timings')}</summary>
            <ul>
              {Object.entries(data.run.timings).map(([k, v]) => (
                <li key={k}>
                  {k}: {v.toLocaleString(locale)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Card>

      <Card title={t('ranking.publication')}>
        {data.publications.length ? (
          <ul>
            {data.publications.map((p) => (
              <li key={p.id}>
                <strong>{t('ranking.version', { version: p.version })}</strong> — {t(`ranking.pubStatuses.${p.status}`)} · {t('ranking.preparedBy', { name: p.preparedBy })}
                {p.approvedBy ? ` · ${t('ranking.approvedBy', { name: p.approvedBy })}` : ''}
                {p.contentHash ? (
                  <>
                    <br />
                    {t('ranking.hash')}: <code>{p.contentHash}</code>
                  </>
                ) : null}
                {p.reason ? (
                  <>
                    <br />
                    {t('ranking.results.correctionOf', { reason: p.reason })}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {pending ? (
          <div className="grid">
            {pending.preparedById !== data.userId ? (
              <Form method="post">
                <input type="hidden" name="intent" value="approve" />
                <input type="hidden" name="publicationId" value={pending.id} />
                <Button disabled={busy}>{t('ranking.approve')}</Button>
              </Form>
            ) : (
              <p className="hint">{t('ranking.prepareHint')}</p>
            )}
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="publicationId" value={pending.id} />
              <Button variant="secondary" disabled={busy}>
                {t('ranking.withdraw')}
              </Button>
            </Form>
          </div>
        ) : !published ? (
          <Form method="post">
            <input type="hidden" name="intent" value="prepare" />
            <p className="hint">{t('ranking.prepareHint')}</p>
            <Button disabled={busy}>{t('ranking.prepare')}</Button>
          </Form>
        ) : null}
        {published ? (
          <>
            <p>
              <Link to={`/hasil/${data.run.period.code}/${published.id}`}>{t('ranking.publicPage')}</Link>
            </p>
            <Form method="post">
              <h3>{t('ranking.correction')}</h3>
              <p className="hint">{t('ranking.correctionHint')}</p>
              <input type="hidden" name="intent" value="correct" />
              <input type="hidden" name="publicationId" value={published.id} />
              <Field label={t('ranking.reason')} name="reason" required maxLength={1000} />
              <Button variant="secondary" disabled={busy}>
                {t('ranking.startCorrection')}
              </Button>
            </Form>
          </>
        ) : null}
      </Card>

      <Card title={t('ranking.positions')}>
        <Form method="get" className="grid">
          <Field label={t('ranking.searchPosition')} name="q" defaultValue={data.search} />
          <p>
            <Button variant="secondary">{t('ranking.show')}</Button>
          </p>
        </Form>
        <div className="table-wrap" tabIndex={0} role="group" aria-label={t('ranking.positions')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ranking.agency')}</th>
                <th scope="col">{t('ranking.positions')}</th>
                <th scope="col">{t('ranking.vacancies')}</th>
                <th scope="col">{t('ranking.candidates')}</th>
                <th scope="col">{t('ranking.passed')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('ranking.review')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.overview.positions.map((p) => (
                <tr key={p.positionId}>
                  <td>{p.agency}</td>
                  <td>
                    {p.name} <span className="hint">({p.code}, {p.unit})</span>
                  </td>
                  <td>{p.vacancies}</td>
                  <td>{p.candidates}</td>
                  <td>{p.passed}</td>
                  <td>
                    <Link to={`${base}/${p.positionId}`} aria-label={t('ranking.reviewOf', { position: `${p.name} (${p.unit})` })}>
                      {t('ranking.review')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label={t('ranking.page', { page: data.overview.page })}>
          {data.overview.page > 1 ? <Link to={`${base}?halaman=${data.overview.page - 1}&q=${encodeURIComponent(data.search)}`}>{t('ranking.prev')}</Link> : null}{' '}
          {t('ranking.page', { page: data.overview.page })}{' '}
          {data.overview.hasNext ? <Link to={`${base}?halaman=${data.overview.page + 1}&q=${encodeURIComponent(data.search)}`}>{t('ranking.next')}</Link> : null}
        </nav>
      </Card>

      {published && data.run.stage !== 'SKD' ? (
        <>
          <Card title={t('ranking.objections')}>
            {data.objections.length ? (
              <ul>
                {data.objections.map((o) => (
                  <li key={o.id}>
                    <strong>
                      {o.registrationNumber} — {o.name}
                    </strong>
                    : {o.text} <Badge tone={o.status === 'PENDING' ? 'warn' : o.status === 'REJECTED' ? 'bad' : 'ok'}>{t(`ranking.applicant.objectionStatus.${o.status}`)}</Badge>
                    {o.answer ? <p>{t('ranking.applicant.objectionAnswered', { answer: o.answer })}</p> : null}
                    {o.status === 'PENDING' ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="answer" />
                        <input type="hidden" name="objectionId" value={o.id} />
                        <SelectField
                          label={`${t('ranking.decision')} — ${o.registrationNumber}`}
                          name="decision"
                          options={[
                            { value: 'REJECTED', label: t('ranking.applicant.objectionStatus.REJECTED') },
                            { value: 'ACCEPTED', label: t('ranking.applicant.objectionStatus.ACCEPTED') },
                          ]}
                        />
                        <Field label={`${t('ranking.answer')} — ${o.registrationNumber}`} name="answer" required maxLength={2000} />
                        <Button variant="secondary" disabled={busy}>
                          {t('ranking.sendAnswer')}
                        </Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('ranking.noObjections')}</p>
            )}
          </Card>
          <Card title={t('ranking.resignations')}>
            {data.resignations.length ? (
              <ul>
                {data.resignations.map((r) => (
                  <li key={r.id}>
                    <strong>
                      {r.registrationNumber} — {r.name}
                    </strong>{' '}
                    ({r.afterNip ? t('ranking.afterNip') : t('ranking.beforeNip')}): {r.reason} <Badge tone={r.status === 'APPROVED' ? 'ok' : 'warn'}>{t(`ranking.applicant.resignation.${r.status}`)}</Badge>
                    {r.status === 'APPROVED' && !r.afterNip ? <p>{t('ranking.replacement')}: {r.replacement ?? t('ranking.noReplacement')}</p> : null}
                    {r.bannedUntilYear ? <p>{t('ranking.bannedUntil', { year: r.bannedUntilYear })}</p> : null}
                    {r.status === 'REQUESTED' ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="approveResignation" />
                        <input type="hidden" name="resignationId" value={r.id} />
                        <Button variant="secondary" disabled={busy}>
                          {t('ranking.approveResignation')}
                        </Button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('ranking.noResignations')}</p>
            )}
            <Form method="post">
              <h3>{t('ranking.recordResignation')}</h3>
              <input type="hidden" name="intent" value="resign" />
              <input type="hidden" name="publicationId" value={published.id} />
              <Field label={t('ranking.registrationNumber')} name="registrationNumber" required maxLength={40} />
              <fieldset>
                <legend>{t('ranking.stage')}</legend>
                <label>
                  <input type="radio" name="afterNip" value="0" defaultChecked /> {t('ranking.beforeNip')}
                </label>{' '}
                <label>
                  <input type="radio" name="afterNip" value="1" /> {t('ranking.afterNip')}
                </label>
              </fieldset>
              <Field label={t('ranking.resignationReason')} name="reason" required maxLength={1000} />
              <Button variant="secondary" disabled={busy}>
                {t('ranking.recordResignation')}
              </Button>
            </Form>
          </Card>
        </>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Tinjau pemeringkatan · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
