import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listProctorRooms } from '~/models/exam.server'
import { requirePermission } from '~/utils/session.server'
import { formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

// The proctor's rooms (only those assigned to this user, by the query) and their sessions.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'proctor:session:assigned')
  const rooms = await listProctorRooms(user.id)
  return json({
    rooms: rooms.map(({ room, site, sessions }) => ({
      id: room.id,
      code: room.code,
      site: site?.name ?? '',
      timeZone: site?.timeZone ?? 'Asia/Jakarta',
      sessions: sessions.map((s) => ({ id: s.id, code: s.code, startsAt: s.startsAt.toISOString(), blueprintCode: s.blueprintCode })),
    })),
  })
}

export default function ProctorRoomsPage() {
  const { t } = useTranslation()
  const { rooms } = useLoaderData<typeof loader>()
  const { locale } = useRootData()
  return (
    <>
      <PageHeader title={t('exam.proctor.title')} lead={t('exam.proctor.lead')} />
      {rooms.length === 0 ? <p>{t('exam.proctor.none')}</p> : null}
      {rooms.map((room) => (
        <Card key={room.id} title={t('exam.proctor.room', { code: room.code, site: room.site })}>
          <h2>{t('exam.proctor.room', { code: room.code, site: room.site })}</h2>
          <ul>
            {room.sessions.map((s) => (
              <li key={s.id}>
                <Link to={`/proktor/ruang/${room.id}?sesi=${s.id}`}>
                  {t('exam.proctor.session')} {s.code} — {formatDateTime(s.startsAt, { locale, timeZone: room.timeZone })} ({s.blueprintCode})
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      ))}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Ruang ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
