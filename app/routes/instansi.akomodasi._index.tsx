import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { findAccommodationCandidates } from '~/models/exam-planning.server'
import { requireAccommodationScope } from '~/utils/accommodation.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// The accommodation registry (issue 6, ADR 020): candidates with extra time and the reason, and a
// search by registration number, NIK or name to add one. Agency admins see only their agency's
// applicants (the filter is in the query); national exam admins see all.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireAccommodationScope(request)
  const search = (new URL(request.url).searchParams.get('cari') ?? '').trim().slice(0, 100)
  const rows = await findAccommodationCandidates(scope, search ? { search } : { onlyWithAccommodation: true })
  return json({ search, rows })
}

export default function AccommodationRegistryPage() {
  const { t } = useTranslation()
  const { search, rows } = useLoaderData<typeof loader>()
  const { locale } = useRootData()
  return (
    <>
      <PageHeader title={t('examPlanning.accommodation.title')} lead={t('examPlanning.accommodation.lead')} />
      <Form method="get" className="card" role="search">
        <Field label={t('examPlanning.accommodation.search')} name="cari" defaultValue={search} hint={t('examPlanning.accommodation.searchHint')} />
        <Button type="submit" variant="secondary">
          {t('examPlanning.accommodation.find')}
        </Button>
      </Form>
      <h2>{search ? t('examPlanning.accommodation.results', { count: rows.length }) : t('examPlanning.accommodation.registered', { count: rows.length })}</h2>
      {rows.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('examPlanning.accommodation.registration')}</th>
                <th scope="col">{t('examPlanning.accommodation.name')}</th>
                <th scope="col">{t('examPlanning.accommodation.agency')}</th>
                <th scope="col">{t('examPlanning.accommodation.extra')}</th>
                <th scope="col">{t('examPlanning.accommodation.reason')}</th>
                <th scope="col">{t('examPlanning.accommodation.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.applicationId}>
                  <td>
                    <Link to={`/instansi/akomodasi/${r.applicationId}`}>{r.registrationNumber}</Link>
                  </td>
                  <td>{r.fullName}</td>
                  <td>{r.agencyName}</td>
                  <td>{r.extraMinutes === null ? '—' : t('examPlanning.accommodation.minutes', { count: r.extraMinutes })}</td>
                  <td>{r.reason ?? '—'}</td>
                  <td>{r.updatedAt ? formatDateTime(r.updatedAt, { locale }) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Akomodasi peserta ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
