import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { agenciesWith } from '~/domain/identity/roles'
import { claim, getQueue } from '~/models/verification.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PERMISSION = 'verify:application:agency' as const

// The verifier's work queue: "Ambil berkas berikutnya" claims the next finalised application of
// the verifier's agency (second reviews first); claims still held are listed to continue.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const queue = await getQueue(agenciesWith(user.grants, PERMISSION), user.id)
  return json({
    ...queue,
    claimed: queue.claimed.map((c) => ({ ...c, claimExpiresAt: c.claimExpiresAt.toISOString() })),
    agencies: [...new Set(user.grants.filter((g) => g.role === 'VERIFIER').map((g) => g.agencyName))],
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, PERMISSION)
  const positionId = (await request.formData()).get('positionId')
  const result = await claim(agenciesWith(user.grants, PERMISSION), { ...actorFrom(request, context, user), actorId: user.id }, {
    positionId: typeof positionId === 'string' && positionId ? positionId : null,
  })
  if (result.ok) return redirect(`/verifikasi/${result.applicationId}`)
  return json({ error: result.error }, { status: result.error === 'empty' ? 200 : 409 })
}

export default function VerificationQueue() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={t('verification.queue.title')} lead={t('verification.queue.lead', { agencies: data.agencies.join(', ') })} />
      {actionData?.error ? <Alert tone={actionData.error === 'empty' ? 'info' : 'warning'}>{t(`verification.claimErrors.${actionData.error}`)}</Alert> : null}
      <Card title={t('verification.queue.waiting')}>
        <dl className="summary">
          <div>
            <dt>{t('verification.queue.waitingFirst')}</dt>
            <dd data-testid="waiting-first">{data.waitingFirst}</dd>
          </div>
          <div>
            <dt>{t('verification.queue.waitingSecond')}</dt>
            <dd>{data.waitingSecond}</dd>
          </div>
        </dl>
        <Form method="post">
          <SelectField
            label={t('verification.queue.position')}
            name="positionId"
            options={[{ value: '', label: t('verification.queue.allPositions') }, ...data.positions.map((p) => ({ value: p.id, label: p.label }))]}
          />
          <Button>{t('verification.queue.next')}</Button>
        </Form>
      </Card>
      <Card title={t('verification.queue.mine')}>
        {data.claimed.length ? (
          <ul>
            {data.claimed.map((c) => (
              <li key={c.applicationId}>
                <Link to={`/verifikasi/${c.applicationId}`}>{c.registrationNumber}</Link>{' '}
                {t('verification.queue.claimUntil', { when: formatDateTime(c.claimExpiresAt, { timeZone, locale }) })}
                {c.stage === 'SECOND' ? ` · ${t('verification.stage.SECOND')}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('verification.queue.none')}</p>
        )}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Verifikasi berkas · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
