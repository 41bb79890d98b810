import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listActiveSessions, revokeAllSessions, revokeSession } from '~/models/user.server'
import { actorFrom } from '~/utils/request.server'
import { destroySessionCookie, requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'read:account:own')
  const sessions = await listActiveSessions(user.id)
  return json({
    sessions: sessions.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      current: s.id === user.sessionId,
    })),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'read:account:own')
  const formData = await request.formData()
  const actor = actorFrom(request, context, user)
  if (formData.get('intent') === 'revoke-all') {
    await revokeAllSessions(user.id, actor)
    return redirect('/masuk?pesan=keluar', { headers: { 'Set-Cookie': await destroySessionCookie(request) } })
  }
  const sessionId = String(formData.get('sessionId') ?? '')
  const revoked = await revokeSession(user.id, sessionId, actor)
  if (revoked && sessionId === user.sessionId) {
    return redirect('/masuk?pesan=keluar', { headers: { 'Set-Cookie': await destroySessionCookie(request) } })
  }
  return json({ revoked }, { status: revoked ? 200 : 404 })
}

export default function SessionsPage() {
  const { t } = useTranslation()
  const { sessions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { locale, timeZone } = useRootData()
  return (
    <>
      <PageHeader title={t('sessions.title')} lead={t('sessions.intro')} />
      {actionData?.revoked ? <Alert tone="success">{t('sessions.revoked')}</Alert> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sessions.device')}</th>
              <th scope="col">{t('sessions.ip')}</th>
              <th scope="col">{t('sessions.started')}</th>
              <th scope="col">{t('sessions.lastSeen')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sessions.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.userAgent ?? '—'} {s.current ? <Badge tone="ok">{t('sessions.current')}</Badge> : null}
                </td>
                <td>{s.ip ?? '—'}</td>
                <td>{formatDateTime(s.createdAt, { locale, timeZone })}</td>
                <td>{formatDateTime(s.lastSeenAt, { locale, timeZone })}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="sessionId" value={s.id} />
                    <Button variant="secondary">{t('sessions.revoke')}</Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value="revoke-all" />
        <p>
          <Button variant="danger">{t('sessions.revokeAll')}</Button>
        </p>
      </Form>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Sesi masuk · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
