import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listAssessorBatches } from '~/models/assessment.server'
import { requirePermission } from '~/utils/session.server'

/** An independent assessor's batches (issue 7); candidate counts appear only after the declaration. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'grade:assessment:assigned')
  return json({ batches: await listAssessorBatches(user.id) })
}

export default function AssessorHome() {
  const { t } = useTranslation()
  const { batches } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('assessment.assessor.title')} lead={t('assessment.assessor.intro')} />
      <Card title={t('assessment.assessor.batches')}>
        {batches.length ? (
          <ul className="stack">
            {batches.map((b) => (
              <li key={b.id}>
                <Link to={`/asesor/${b.id}`}>{b.name}</Link>{' '}
                {b.declared ? (
                  <Badge tone="ok">{t('assessment.assessor.tasksOpen', { open: b.open, assigned: b.assigned })}</Badge>
                ) : (
                  <Badge tone="warn">{t('assessment.assessor.mustDeclare')}</Badge>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <Alert tone="info">{t('assessment.assessor.noBatches')}</Alert>
        )}
      </Card>
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Penilaian asesor · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
