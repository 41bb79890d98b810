import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agenciesWith } from '~/domain/identity/roles'
import { PanelDecisionSchema } from '~/domain/verification/rules'
import { decideObjection, listObjections, listPanelCases } from '~/models/verification.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// The agency panel (its admins): verifier disagreements from the second-verifier sample, and the
// objections (sanggah) to answer within the panel's window, each with a reason.
const PERMISSION = 'decide:objection:agency' as const

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const agencyIds = agenciesWith(user.grants, PERMISSION)
  const [cases, objections] = await Promise.all([listPanelCases(agencyIds), listObjections(agencyIds)])
  return json({ cases, objections })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const parsed = PanelDecisionSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) {
    return json({ objectionId: null as string | null, error: parsed.error.issues[0]!.message }, { status: 400 })
  }
  const result = await decideObjection({ ...parsed.data, agencyIds: agenciesWith(user.grants, PERMISSION) }, actorFrom(request, context, user))
  if (!result.ok && result.error === 'notFound') throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  if (!result.ok) return json({ objectionId: parsed.data.objectionId, error: `verification.panelErrors.${result.error}` }, { status: 409 })
  return redirect(`/instansi/sanggah?hasil=${parsed.data.decision === 'ACCEPTED' ? 'diterima' : 'ditolak'}`)
}

const TONE = { PENDING: 'warn', ACCEPTED: 'ok', REJECTED: 'bad', ANSWERED: 'ok' } as const

export default function PanelPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const when = (d: string | null) => (d ? formatDateTime(d, { timeZone, locale }) : '—')
  return (
    <>
      <PageHeader title={t('verification.panel.title')} lead={t('verification.panel.lead')} />
      {params.get('hasil') ? <Alert tone="success">{t(`verification.panel.saved.${params.get('hasil')}`, { defaultValue: '' })}</Alert> : null}
      {actionData?.error && !actionData.objectionId ? <Alert tone="error">{t(actionData.error)}</Alert> : null}
      <Card title={t('verification.panel.disagreements')}>
        {data.cases.length ? (
          <ul>
            {data.cases.map((c) => (
              <li key={c.applicationId}>
                <Link to={`/verifikasi/${c.applicationId}`}>{c.registrationNumber}</Link> — {t('verification.panel.disputed', { codes: c.disputed.join(', ') })}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('verification.panel.noDisagreements')}</p>
        )}
      </Card>
      <h2>{t('verification.panel.objections')}</h2>
      {data.objections.length ? null : <p>{t('verification.panel.noObjections')}</p>}
      {data.objections.map((o) => (
        <section key={o.id} className="card" aria-label={t('verification.panel.objectionOf', { number: o.registrationNumber })}>
          <h3>
            {t('verification.panel.objectionOf', { number: o.registrationNumber })} <Badge tone={TONE[o.status]}>{t(`verification.objectionStatus.${o.status}`)}</Badge>
          </h3>
          <p className="hint">
            {t('verification.panel.submittedAt', { when: when(o.submittedAt) })} · {t('verification.panel.answerBy', { when: when(o.panelClosesAt) })}
          </p>
          <p>
            <strong>{t('verification.panel.tmsReasons')}</strong> {o.tmsReasons.join('; ')}
          </p>
          <p>
            <strong>{t('verification.panel.objectionReason')}</strong> {o.reason}
          </p>
          <p>
            <Link to={`/verifikasi/${o.applicationId}`}>{t('verification.panel.openCase')}</Link>
          </p>
          {o.status === 'PENDING' ? (
            <Form method="post">
              <input type="hidden" name="objectionId" value={o.id} />
              <fieldset>
                <legend>{t('verification.panel.decision')}</legend>
                <label>
                  <input type="radio" name="decision" value="ACCEPTED" required /> {t('verification.panel.accept')}
                </label>{' '}
                <label>
                  <input type="radio" name="decision" value="REJECTED" /> {t('verification.panel.reject')}
                </label>
              </fieldset>
              <div className="field">
                <label htmlFor={`reason-${o.id}`}>{t('verification.panel.reason')}</label>
                <textarea id={`reason-${o.id}`} name="reason" rows={3} minLength={10} maxLength={2000} required />
              </div>
              {actionData?.objectionId === o.id ? (
                <p className="error" role="alert">
                  {t(actionData.error)}
                </p>
              ) : null}
              <Button>{t('verification.panel.save')}</Button>
            </Form>
          ) : (
            <p>
              {t('verification.panel.decidedAt', { when: when(o.decidedAt) })}: {o.decisionReason}
            </p>
          )}
        </section>
      ))}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Panel sanggah instansi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
