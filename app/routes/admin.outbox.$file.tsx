import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { readOutboxMessage } from '~/utils/mail.server'
import { requirePermission } from '~/utils/session.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:outbox:any')
  // readOutboxMessage accepts only a plain file name inside OUTBOX_DIR; anything else is "none".
  const message = params.file ? await readOutboxMessage(params.file) : null
  if (!message) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return json({
    fileName: message.fileName,
    to: message.headers.to ?? '',
    subject: message.headers.subject ?? '',
    // The HTML part is never rendered: the plain-text part and the source are shown as text.
    text: message.text,
    raw: message.raw,
  })
}

const PRE = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: '.85rem' } as const

/** Shown inside the outbox page (its <Outlet />), above the lists. */
export default function OutboxMessage() {
  const { t } = useTranslation()
  const message = useLoaderData<typeof loader>()
  return (
    <Card title={t('outbox.message', { file: message.fileName })}>
      <dl>
        <dt>{t('outbox.to')}</dt>
        <dd>{message.to}</dd>
        <dt>{t('outbox.subject')}</dt>
        <dd>{message.subject}</dd>
      </dl>
      {message.text ? (
        <>
          <h3>{t('outbox.text')}</h3>
          <pre style={PRE}>{message.text}</pre>
        </>
      ) : null}
      <h3>{t('outbox.raw')}</h3>
      <pre style={PRE}>{message.raw}</pre>
      <p>
        <Link to="/admin/outbox">{t('outbox.back')}</Link>
      </p>
    </Card>
  )
}

export const meta: MetaFunction = () => [{ title: 'Surel keluar · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
