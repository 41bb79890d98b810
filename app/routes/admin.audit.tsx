import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listAudit, verifyAuditLog } from '~/models/audit.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:audit:any')
  const parsed = FilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) throw new Response('Bad request', { status: 400, statusText: 'Bad Request' })
  const filter = parsed.data
  // One row more than shown tells whether an older page exists.
  const rows = await listAudit({
    entityType: filter.entityType,
    entityId: filter.entityId,
    actorId: filter.actorId,
    beforeId: filter.beforeId ? BigInt(filter.beforeId) : undefined,
    take: PAGE_SIZE + 1,
  })
  const page = rows.slice(0, PAGE_SIZE)
  return json({
    filter,
    // BigInt cannot go through JSON: ids and sequence numbers travel as strings.
    rows: page.map((r) => ({
      id: r.id.toString(),
      chain: r.chain,
      chainSeq: r.chainSeq.toString(),
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorRole: r.actorRole,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: compactJson(r.before),
      after: compactJson(r.after),
      ip: r.ip,
    })),
    olderId: rows.length > PAGE_SIZE ? page[page.length - 1].id.toString() : null,
  })
}

function compactJson(value: unknown) {
  return value === null || value === undefined ? null : JSON.stringify(value)
}

const FilterSchema = z.object({
  entityType: z.string().trim().max(100).optional(),
  entityId: z.string().trim().max(200).optional(),
  actorId: z.string().trim().max(200).optional(),
  beforeId: z
    .string()
    .regex(/^\d{0,19}$/)
    .optional(),
})

const VerifySchema = z.object({ intent: z.literal('verify') })

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'read:audit:any')
  const submission = parseWithZod(await request.formData(), { schema: VerifySchema })
  if (submission.status !== 'success') {
    throw new Response('Bad request', { status: 400, statusText: 'Bad Request' })
  }
  const result = await verifyAuditLog()
  return json({
    verification: {
      ok: result.ok,
      rowsChecked: result.rowsChecked,
      chains: result.chains,
      broken: result.broken.map((b) => ({
        id: b.id.toString(),
        chain: b.chain,
        chainSeq: b.chainSeq.toString(),
        problem: b.problem,
      })),
    },
  })
}

function filterHref(filter: Record<string, string | null | undefined>) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value)
  const query = params.toString()
  return query ? `/admin/audit?${query}` : '/admin/audit'
}

export default function AuditPage() {
  const { t } = useTranslation()
  const { filter, rows, olderId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { locale, timeZone } = useRootData()
  const verification = actionData?.verification
  const verifying = navigation.state === 'submitting' && navigation.formMethod?.toUpperCase() === 'POST'
  const currentFilter = { entityType: filter.entityType, entityId: filter.entityId, actorId: filter.actorId }

  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.intro')}>
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <Button disabled={verifying}>{t('audit.verify')}</Button>
        </Form>
      </PageHeader>

      {verification ? (
        verification.ok ? (
          <Alert tone="success">
            {t('audit.verifiedOk', { rows: verification.rowsChecked, chains: verification.chains })}
          </Alert>
        ) : (
          <Alert tone="error" title={t('audit.verifiedBroken', { count: verification.broken.length })}>
            <ul>
              {verification.broken.map((b) => (
                <li key={`${b.chain}-${b.id}`}>{t('audit.breakLine', b)}</li>
              ))}
            </ul>
          </Alert>
        )
      ) : null}

      <Card title={t('audit.filter')}>
        <Form method="get">
          <div className="grid">
            <Field label={t('audit.entityType')} name="entityType" defaultValue={filter.entityType} maxLength={100} />
            <Field label={t('audit.entityId')} name="entityId" defaultValue={filter.entityId} maxLength={200} />
            <Field label={t('audit.actorId')} name="actorId" defaultValue={filter.actorId} maxLength={200} />
          </div>
          <Button variant="secondary">{t('audit.filter')}</Button>
        </Form>
      </Card>

      <h2 id="audit-rows">{t('audit.rows')}</h2>
      {rows.length ? (
        <div className="table-wrap">
          <table aria-labelledby="audit-rows">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.change')}</th>
                <th scope="col">{t('audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{formatDateTime(r.at, { locale, timeZone })}</td>
                  <td>
                    {r.actorId ? (
                      <Link to={filterHref({ actorId: r.actorId })}>
                        <code>{r.actorId}</code>
                      </Link>
                    ) : (
                      t('audit.system')
                    )}{' '}
                    {r.actorRole ? <Badge>{r.actorRole}</Badge> : null}
                  </td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    <Link to={filterHref({ entityType: r.entityType, entityId: r.entityId })}>
                      <code>
                        {r.entityType}:{r.entityId}
                      </code>
                    </Link>
                  </td>
                  <td>
                    {r.before ? (
                      <>
                        <strong>{t('audit.before')}</strong>
                        <pre className="json">{r.before}</pre>
                      </>
                    ) : null}
                    {r.after ? (
                      <>
                        <strong>{t('audit.after')}</strong>
                        <pre className="json">{r.after}</pre>
                      </>
                    ) : null}
                    {!r.before && !r.after ? '—' : null}
                  </td>
                  <td>{r.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('audit.empty')}</p>
      )}

      <p className="row-actions">
        {filter.beforeId ? <Link to={filterHref(currentFilter)}>{t('audit.newest')}</Link> : null}
        {olderId ? <Link to={filterHref({ ...currentFilter, beforeId: olderId })}>{t('audit.older')} →</Link> : null}
      </p>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Log audit · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
