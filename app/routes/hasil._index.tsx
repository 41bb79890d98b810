import { json, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listPeriods } from '~/models/selection.server'

/** Public: the periods, each leading to its published results. */
export async function loader() {
  const periods = await listPeriods()
  return json({ periods: periods.map((p) => ({ code: p.code, name: p.name })) })
}

export default function ResultsIndexPage() {
  const { t } = useTranslation()
  const { periods } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('ranking.results.title')} lead={t('ranking.results.intro')} />
      <Card>
        <ul>
          {periods.map((p) => (
            <li key={p.code}>
              <Link to={`/hasil/${p.code}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Hasil seleksi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
