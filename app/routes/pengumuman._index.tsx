import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { describeAnnouncements, listAnnouncements } from '~/models/verification.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// Public: every published administrative announcement (frozen lists), newest first.
export async function loader(_: LoaderFunctionArgs) {
  return json({ announcements: await describeAnnouncements(await listAnnouncements()) })
}

export default function AnnouncementsPage() {
  const { t } = useTranslation()
  const { locale, timeZone } = useRootData()
  const { announcements } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('verification.public.title')} lead={t('verification.public.lead')} />
      {announcements.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('verification.public.published')}</th>
                <th scope="col">{t('verification.public.agency')}</th>
                <th scope="col">{t('verification.public.position')}</th>
                <th scope="col">{t('verification.public.kind')}</th>
                <th scope="col">{t('verification.public.counts')}</th>
              </tr>
            </thead>
            <tbody>
              {announcements.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.publishedAt, { timeZone, locale })}</td>
                  <td>{a.agencyName}</td>
                  <td>
                    <Link to={`/pengumuman/${a.id}`}>{a.positionName}</Link>
                  </td>
                  <td>{t(`verification.kind.${a.kind}`)}</td>
                  <td>{t('verification.public.countsValue', { ms: a.msCount, total: a.rowCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('verification.public.none')}</p>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Pengumuman hasil seleksi administrasi · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
