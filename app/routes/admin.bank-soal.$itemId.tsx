import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ItemKeySchema, OptionSchema, renderStem } from '~/domain/exam/items'
import { getBankItem } from '~/models/question-bank.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'
import { z } from 'zod'

/**
 * One item with every version and its key, for the national admin only (`manage:selection:any`).
 * Keys are never sent by any exam route; this page is the one place a person can read them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:selection:any')
  const item = await getBankItem(params.itemId ?? '')
  if (!item) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return json({
    id: item.id,
    subtest: item.subtest,
    topic: item.topic,
    difficulty: item.difficulty,
    currentVersion: item.currentVersion,
    isActive: item.isActive,
    source: item.source,
    versions: item.versions.map((v) => ({
      version: v.version,
      createdAt: v.createdAt.toISOString(),
      contentHash: v.contentHash,
      stemHtml: renderStem(v.stem),
      options: z.array(OptionSchema).parse(v.options),
      key: ItemKeySchema.parse(v.key),
    })),
  })
}

export default function BankItemPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const item = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('bank.itemTitle', { id: item.id })} lead={`${item.subtest} · ${item.topic} · ${t(`bank.difficulties.${item.difficulty as 1 | 2 | 3}`)} · ${item.source}`}>
        <p>
          <Link to="/admin/bank-soal">{t('bank.back')}</Link>
        </p>
      </PageHeader>
      <Alert tone="warning">{t('bank.keyWarning')}</Alert>
      <p>{item.isActive ? <Badge tone="ok">{t('bank.active')}</Badge> : <Badge>{t('bank.inactive')}</Badge>}</p>
      {item.versions.map((v) => (
        <Card key={v.version} title={`${t('bank.versionN', { version: v.version })}${v.version === item.currentVersion ? ` (${t('bank.current')})` : ''}`}>
          <p className="hint">
            {t('bank.createdAt')}: {formatDateTime(v.createdAt, { timeZone, locale })} · {t('bank.hash')}: <code>{v.contentHash.slice(0, 12)}</code>
          </p>
          {/* renderStem escapes raw HTML (markdown-it, html: false). */}
          <div className="stem" dangerouslySetInnerHTML={{ __html: v.stemHtml }} />
          <div className="table-wrap" tabIndex={0} role="group" aria-label={t('bank.versionN', { version: v.version })}>
            <table aria-label={t('bank.versionN', { version: v.version })}>
              <thead>
                <tr>
                  <th scope="col">{t('bank.option')}</th>
                  <th scope="col">{t('bank.text')}</th>
                  <th scope="col">{t('bank.key')}</th>
                </tr>
              </thead>
              <tbody>
                {v.options.map((o) => (
                  <tr key={o.id}>
                    <td>{o.id}</td>
                    <td>{o.text}</td>
                    <td>{'correct' in v.key ? (v.key.correct === o.id ? t('bank.correct') : '—') : v.key.scores[o.id]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ))}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Butir soal · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
