import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { placementsFor } from '~/models/internship-placement.server'
import { requireSupervisor } from '~/utils/internship-route.server'
import { formatDate } from '~/utils/time'

// The interns a mentor (or a DPL) supervises, with what waits for their review.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, mentor, dpl } = await requireSupervisor(request)
  const [asMentor, asDpl] = await Promise.all([mentor ? placementsFor({ mentorId: user.id }) : [], dpl ? placementsFor({ dplId: user.id }) : []])
  return json({ placements: [...asMentor, ...asDpl] })
}

export default function MentorHomePage() {
  const { t } = useTranslation()
  const { placements } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={t('internship.mentor.title')} />
      {placements.length === 0 ? <p>{t('internship.mentor.none')}</p> : (
        <table aria-label={t('internship.mentor.title')}>
          <thead>
            <tr><th scope="col">{t('internship.campus.student')}</th><th scope="col">{t('internship.campus.opening')}</th><th scope="col">{t('internship.student.period')}</th><th scope="col">{t('internship.campus.status')}</th></tr>
          </thead>
          <tbody>
            {placements.map((p) => (
              <tr key={p.id}>
                <th scope="row"><Link to={`/mentor/${p.id}`} aria-label={t('internship.mentor.open', { name: p.student })}>{p.student}</Link></th>
                <td>{p.openingTitle}</td>
                <td>{formatDate(`${p.startsAt}T00:00:00Z`)} – {formatDate(`${p.endsAt}T00:00:00Z`)}</td>
                <td>
                  <Badge>{t(`internship.status.${p.status}`)}</Badge>{' '}
                  {p.awaitingReview ? <Badge tone="warn">{t('internship.mentor.awaiting', { count: p.awaitingReview })}</Badge> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Bimbingan magang · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
