import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { decideKeyCorrection, listOpenChallenges, regradeDryRun } from '~/models/exam-scoring.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'

// The committee's key-challenge desk (issue 6): contested items, a dry run that lists every
// changed score, and the decision (void the item / accept more options / reject) that regrades.
const PERMISSION = 'manage:ranking:any' as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION)
  return json({ challenges: await listOpenChallenges() })
}

const Schema = z.object({
  intent: z.enum(['dryRun', 'decide']),
  versionId: z.string().min(1),
  decision: z.enum(['void', 'accept', 'reject']),
  acceptedOptions: z.string().trim().regex(/^[A-F](,[A-F])*$|^$/).default(''),
  reason: z.string().trim().max(1000).default(''),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const parsed = Schema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return json({ error: 'invalid' as const }, { status: 400 })
  const { intent, versionId, decision, reason } = parsed.data
  const accepted = parsed.data.acceptedOptions ? parsed.data.acceptedOptions.split(',') : []
  const actor = actorFrom(request, context, user)
  const correction = decision === 'void' ? { voided: true as const } : { acceptedOptions: accepted }
  if (intent === 'dryRun') {
    const changes = decision === 'reject' ? [] : await regradeDryRun(new Map([[versionId, correction]]), actor)
    return json({ dryRun: changes })
  }
  const result = await decideKeyCorrection({ versionId, voided: decision === 'void', acceptedOptions: accepted, reason, upheld: decision !== 'reject' }, actor)
  return json(result.ok ? { regraded: result.regraded } : { error: result.error }, { status: result.ok ? 200 : 400 })
}

export default function KeyChallengesPage() {
  const { t } = useTranslation()
  const { challenges } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={t('exam.keys.title')} lead={t('exam.keys.lead')} />
      {data && 'error' in data ? <Alert tone="error">{t('exam.keys.error')}</Alert> : null}
      {data && 'regraded' in data ? <Alert tone="success">{t('exam.keys.regraded', { count: data.regraded })}</Alert> : null}
      {data && 'dryRun' in data ? (
        <section aria-labelledby="dry-run" className="card">
          <h2 id="dry-run">{t('exam.keys.dryRun', { count: data.dryRun.length })}</h2>
          <ul>
            {data.dryRun.map((c) => (
              <li key={c.attemptId}>
                {c.participantNumber}: {c.before ?? '—'} → {c.after}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {challenges.length === 0 ? <p>{t('exam.keys.none')}</p> : null}
      {challenges.map((c) => (
        <section key={c.versionId} className="card" aria-labelledby={`item-${c.versionId}`}>
          <h2 id={`item-${c.versionId}`}>
            {c.itemId} ({c.subtest}) — {t('exam.keys.count', { count: c.count })}
          </h2>
          <ul>
            {c.reasons.slice(0, 5).map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="versionId" value={c.versionId} />
            <div className="field">
              <label htmlFor={`decision-${c.versionId}`}>{t('exam.keys.decision')}</label>
              <select id={`decision-${c.versionId}`} name="decision">
                <option value="void">{t('exam.keys.void')}</option>
                <option value="accept">{t('exam.keys.accept')}</option>
                <option value="reject">{t('exam.keys.reject')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`accepted-${c.versionId}`}>{t('exam.keys.acceptedOptions')}</label>
              <input id={`accepted-${c.versionId}`} name="acceptedOptions" placeholder="B,C" />
            </div>
            <div className="field">
              <label htmlFor={`reason-${c.versionId}`}>{t('exam.keys.reason')}</label>
              <input id={`reason-${c.versionId}`} name="reason" />
            </div>
            <Button type="submit" name="intent" value="dryRun" variant="secondary">
              {t('exam.keys.runDry')}
            </Button>{' '}
            <Button type="submit" name="intent" value="decide">
              {t('exam.keys.decide')}
            </Button>
          </Form>
        </section>
      ))}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Sanggah soal — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
