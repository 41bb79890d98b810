import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { WINDOW_KINDS } from '~/domain/selection/rules'
import { windowState } from '~/domain/selection/schedule'
import { getPublicTimeline } from '~/models/period.server'
import { INDONESIAN_ZONES, formatDateTime, type IndonesianZone } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** Public: the period's timeline, readable without an account (as SSCASN announces it). */
export async function loader({ params }: LoaderFunctionArgs) {
  const period = await getPublicTimeline(params.code ?? '')
  if (!period) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const now = new Date()
  return json({
    period: { code: period.code, name: period.name, kind: period.kind, year: period.year, status: period.status },
    now,
    windows: WINDOW_KINDS.map((kind) => {
      const w = period.windows.find((x) => x.kind === kind)
      return {
        kind,
        window: w
          ? {
              opensAt: w.opensAt,
              closesAt: w.closesAt,
              state: windowState(w, now),
              extensions: w.extensions,
            }
          : null,
      }
    }),
  })
}

const ZONES = Object.keys(INDONESIAN_ZONES) as IndonesianZone[]

function InThreeZones({ value, locale }: { value: string; locale: string }) {
  return (
    <>
      {ZONES.map((timeZone) => (
        <div key={timeZone}>{formatDateTime(value, { timeZone, locale })}</div>
      ))}
    </>
  )
}

export default function TimelinePage() {
  const { t } = useTranslation()
  const { period, windows, now } = useLoaderData<typeof loader>()
  const { locale } = useRootData()

  return (
    <>
      <PageHeader
        title={t('period.timeline.title', { name: period.name })}
        lead={t('period.timeline.lead', { kind: t(`period.kinds.${period.kind}`), year: period.year })}
      />
      {period.status === 'DRAFT' ? <Alert tone="warning">{t('period.timeline.draft')}</Alert> : null}
      <div className="table-wrap">
        <table aria-label={t('period.timeline.title', { name: period.name })}>
          <thead>
            <tr>
              <th scope="col">{t('period.schedule.stage')}</th>
              <th scope="col">{t('period.timeline.opens')}</th>
              <th scope="col">{t('period.timeline.closes')}</th>
              <th scope="col">{t('period.timeline.state')}</th>
            </tr>
          </thead>
          <tbody>
            {windows.map(({ kind, window }) => (
              <tr key={kind}>
                <th scope="row">{t(`period.windows.${kind}`)}</th>
                {window ? (
                  <>
                    <td>
                      <InThreeZones value={window.opensAt} locale={locale} />
                    </td>
                    <td>
                      <InThreeZones value={window.closesAt} locale={locale} />
                      {window.extensions.map((e) => (
                        <p key={e.id} className="hint">
                          {t('period.timeline.extendedFrom', {
                            from: formatDateTime(e.previousClosesAt, { timeZone: 'Asia/Jakarta', locale }),
                            reason: e.reason,
                          })}
                        </p>
                      ))}
                    </td>
                    <td>
                      <Badge tone={window.state === 'open' ? 'ok' : 'neutral'}>
                        {t(`period.states.${window.state}`)}
                      </Badge>
                    </td>
                  </>
                ) : (
                  <>
                    <td>—</td>
                    <td>—</td>
                    <td>
                      <Badge>{t('period.states.notSet')}</Badge>
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('period.timeline.now', { now: formatDateTime(now, { timeZone: 'Asia/Jakarta', locale }) })}</p>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Jadwal ${data.period.name} · Portal Seleksi ASN` : 'Jadwal · Portal Seleksi ASN' },
  { name: 'description', content: data ? `Jadwal tahapan ${data.period.name} dalam WIB, WITA, dan WIT.` : '' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
