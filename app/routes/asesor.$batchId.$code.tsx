import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CODE_PATTERN } from '~/domain/assessment/codes'
import { MIN_JUSTIFICATION, scoresFromSubmission, submissionSchema } from '~/domain/assessment/rubric'
import { getAssessorTask, recuse, requestCorrection, submitScores } from '~/models/assessment.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'grade:assessment:assigned' as const
const notFound = () => new Response('Not found', { status: 404, statusText: 'Not Found' })

/**
 * Scoring one candidate, by code only (issue 7). A code not assigned to this assessor is a 404 —
 * by URL too; the candidate's name, NIK and photo are never loaded here, nor the other scores.
 */
async function load(request: Request, params: { batchId?: string; code?: string }) {
  const user = await requirePermission(request, PERMISSION)
  const code = params.code ?? ''
  if (!CODE_PATTERN.test(code)) throw notFound()
  const task = await getAssessorTask(params.batchId ?? '', code, user.id)
  if (!task) throw notFound()
  return { user, task }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { task } = await load(request, params)
  return json({ task, batchId: params.batchId!, result: new URL(request.url).searchParams.get('hasil') })
}

const CorrectionSchema = z.object({ reason: z.string().trim().min(20, 'assessment.errors.reason').max(1000, 'assessment.errors.reason') })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, task } = await load(request, params)
  const form = await request.formData()
  const actor = actorFrom(request, context, user)
  const back = (hasil: string) => redirect(`/asesor/${params.batchId}/${task.code}?hasil=${hasil}`)

  if (form.get('intent') === 'correction') {
    const parsed = CorrectionSchema.safeParse({ reason: form.get('reason') })
    if (!parsed.success) return json({ fieldErrors: { reason: parsed.error.issues[0]!.message } as Record<string, string>, error: null }, { status: 400 })
    const result = await requestCorrection(params.batchId!, task.code, user.id, parsed.data.reason, actor)
    if (!result) throw notFound()
    if (!result.ok) return json({ fieldErrors: {} as Record<string, string>, error: result.error }, { status: 409 })
    return back('koreksi')
  }

  if (form.get('intent') === 'recuse') {
    const parsed = CorrectionSchema.safeParse({ reason: form.get('reason') })
    if (!parsed.success) return json({ fieldErrors: { recuseReason: parsed.error.issues[0]!.message } as Record<string, string>, error: null }, { status: 400 })
    const result = await recuse(params.batchId!, task.code, user.id, parsed.data.reason, actor)
    if (!result) throw notFound()
    if (!result.ok) return json({ fieldErrors: {} as Record<string, string>, error: result.error }, { status: 409 })
    return redirect(`/asesor/${params.batchId}?hasil=mundur`)
  }

  const parsed = submissionSchema(task.rubric).safeParse(Object.fromEntries(form))
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {}
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message
    return json({ fieldErrors, error: null }, { status: 400 })
  }
  const result = await submitScores(params.batchId!, task.code, user.id, scoresFromSubmission(task.rubric, parsed.data), actor)
  if (!result) throw notFound()
  if (!result.ok) return json({ fieldErrors: {} as Record<string, string>, error: result.error }, { status: 409 })
  return back('terkirim')
}

export default function ScoreCandidate() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const { task, batchId, result } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const fieldError = (name: string) => {
    const key = (actionData?.fieldErrors as Record<string, string> | undefined)?.[name]
    return key ? t(key, { min: MIN_JUSTIFICATION }) : null
  }
  const pending = task.corrections.find((c) => c.status === 'PENDING')
  return (
    <>
      <PageHeader title={t('assessment.score.title', { code: task.code })} lead={task.batchName} />
      <p>
        <Link to={`/asesor/${batchId}`}>{t('assessment.score.back')}</Link>
      </p>
      {task.role === 'ADJUDICATOR' ? <Alert tone="info">{t('assessment.score.adjudicatorNote')}</Alert> : null}
      {result === 'terkirim' ? <Alert tone="success">{t('assessment.score.submitted')}</Alert> : null}
      {result === 'koreksi' ? <Alert tone="success">{t('assessment.score.correctionSent')}</Alert> : null}
      {actionData?.error ? <Alert tone="error">{t(actionData.error)}</Alert> : null}
      {task.session ? (
        <Card title={t('assessment.session')}>
          <p>
            {formatDateTime(task.session.startsAt, { locale, timeZone })}
            {task.session.place ? ` · ${task.session.place}` : ''}
            {task.session.link ? (
              <>
                {' · '}
                <a href={task.session.link} rel="noreferrer noopener" target="_blank">
                  {t('assessment.videoLink')}
                </a>
              </>
            ) : null}
          </p>
        </Card>
      ) : null}

      {task.submittedAt && task.scores ? (
        <Card title={t('assessment.score.yourScores')}>
          <p>
            <Badge tone="ok">{t('assessment.submittedFinal')}</Badge> {t('assessment.score.lockedAt', { at: formatDateTime(task.submittedAt, { locale, timeZone }) })}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table aria-label={t('assessment.score.yourScores')}>
              <thead>
                <tr>
                  <th scope="col">{t('assessment.competency')}</th>
                  <th scope="col">{t('assessment.scoreLabel')}</th>
                  <th scope="col">{t('assessment.justification')}</th>
                </tr>
              </thead>
              <tbody>
                {task.rubric.map((c) => {
                  const s = task.scores!.find((x) => x.key === c.key)
                  return (
                    <tr key={c.key}>
                      <th scope="row">{c.name}</th>
                      <td>{s?.score ?? '—'}</td>
                      <td>{s?.justification ?? '—'}</td>
                    </tr>
                  )
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('assessment.total')}</th>
                  <td colSpan={2}>{task.total}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <h3>{t('assessment.score.correctionTitle')}</h3>
          {task.corrections.length ? (
            <ul>
              {task.corrections.map((c) => (
                <li key={c.id}>
                  {t(`assessment.correctionStatus.${c.status}`)} — {c.reason}
                  {c.decisionNote ? ` (${c.decisionNote})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          {pending ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="correction" />
              <div className="field">
                <label htmlFor="reason">{t('assessment.score.correctionReason')}</label>
                <textarea id="reason" name="reason" rows={3} aria-invalid={fieldError('reason') ? true : undefined} aria-describedby={fieldError('reason') ? 'reason-error' : undefined} />
                {fieldError('reason') ? (
                  <p className="error" id="reason-error">
                    {fieldError('reason')}
                  </p>
                ) : null}
              </div>
              <Button variant="secondary" disabled={busy}>
                {t('assessment.score.requestCorrection')}
              </Button>
            </Form>
          )}
        </Card>
      ) : (
        <Card title={t('assessment.score.form')}>
          {task.reopenedAt ? <Alert tone="info">{t('assessment.score.reopened')}</Alert> : null}
          <p className="hint">{t('assessment.score.hint', { min: MIN_JUSTIFICATION })}</p>
          <Form method="post" noValidate>
            {task.rubric.map((c) => (
              <fieldset key={c.key} className="card">
                <legend>{c.name}</legend>
                <ul className="hint">
                  {c.anchors.map((a) => (
                    <li key={a.min}>
                      {a.min}–{a.max}: {a.text}
                    </li>
                  ))}
                </ul>
                <div className="field">
                  <label htmlFor={`score_${c.key}`}>{t('assessment.score.scoreFor', { name: c.name })}</label>
                  <input
                    id={`score_${c.key}`}
                    name={`score_${c.key}`}
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    required
                    inputMode="numeric"
                    aria-invalid={fieldError(`score_${c.key}`) ? true : undefined}
                    aria-describedby={fieldError(`score_${c.key}`) ? `score_${c.key}-error` : undefined}
                  />
                  {fieldError(`score_${c.key}`) ? (
                    <p className="error" id={`score_${c.key}-error`}>
                      {fieldError(`score_${c.key}`)}
                    </p>
                  ) : null}
                </div>
                <div className="field">
                  <label htmlFor={`justification_${c.key}`}>{t('assessment.score.justificationFor', { name: c.name })}</label>
                  <textarea
                    id={`justification_${c.key}`}
                    name={`justification_${c.key}`}
                    rows={3}
                    required
                    aria-invalid={fieldError(`justification_${c.key}`) ? true : undefined}
                    aria-describedby={fieldError(`justification_${c.key}`) ? `justification_${c.key}-error` : undefined}
                  />
                  {fieldError(`justification_${c.key}`) ? (
                    <p className="error" id={`justification_${c.key}-error`}>
                      {fieldError(`justification_${c.key}`)}
                    </p>
                  ) : null}
                </div>
              </fieldset>
            ))}
            <Alert tone="warning">{t('assessment.score.finalWarning')}</Alert>
            <Button disabled={busy}>{t('assessment.score.submit')}</Button>
          </Form>
          <details>
            <summary>{t('assessment.score.recuseTitle')}</summary>
            <p className="hint">{t('assessment.score.recuseHint')}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="recuse" />
              <div className="field">
                <label htmlFor="recuse-reason">{t('assessment.score.recuseReason')}</label>
                <textarea id="recuse-reason" name="reason" rows={2} aria-invalid={fieldError('recuseReason') ? true : undefined} aria-describedby={fieldError('recuseReason') ? 'recuse-error' : undefined} />
                {fieldError('recuseReason') ? (
                  <p className="error" id="recuse-error">
                    {fieldError('recuseReason')}
                  </p>
                ) : null}
              </div>
              <Button variant="danger" disabled={busy}>
                {t('assessment.score.recuse')}
              </Button>
            </Form>
          </details>
        </Card>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Penilaian peserta · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
