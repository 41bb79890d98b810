import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Alert, Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ScoreChart } from '~/components/ranking'
import { getActiveRules } from '~/models/period.server'
import { positionReview } from '~/models/ranking.server'
import { RULES_2024 } from '~/domain/selection/rules'
import { requirePermission } from '~/utils/session.server'

/** The committee's review of one position: list, boundary, ties, distribution, normalisation. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:ranking:any')
  const review = await positionReview(params.runId ?? '', params.positionId ?? '')
  if (!review) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const rules = (await getActiveRules(review.run.periodId))?.rules ?? RULES_2024
  return json({ ...review, multiplier: rules.skbQuotaMultiplier })
}

const CODE_TONE: Record<string, 'ok' | 'bad' | 'warn' | 'neutral'> = { 'P/L': 'ok', L: 'ok', 'L-1': 'ok', 'L-2': 'ok', P: 'warn', TL: 'bad', TH: 'neutral', DIS: 'bad' }

export default function PositionReviewPage() {
  const { t } = useTranslation()
  const { run, position, groups, sessions, multiplier } = useLoaderData<typeof loader>()
  const skd = run.stage === 'SKD'
  const pppk = run.stage === 'PPPK'
  const showNormalised = sessions > 1 && run.stage !== 'PPPK'
  return (
    <>
      <PageHeader title={`${position.name} (${position.code})`} lead={`${position.agency} · ${position.unit} · ${t(`ranking.stages.${run.stage}`)}`}>
        <p>
          <Link to={`/panitia/peringkat/${run.id}`}>{t('ranking.back')}</Link>
        </p>
      </PageHeader>
      {showNormalised ? <Alert tone="info">{t('ranking.normalisedHint', { sessions })}</Alert> : null}
      {groups.map((g) => (
        <Card key={g.vacancyId} title={t('ranking.vacancy', { type: g.formasiTypeCode, location: g.location, count: g.count })}>
          <p>{skd ? t('ranking.quota', { limit: g.limit, count: g.count, multiplier }) : t('ranking.limitFinal', { limit: g.limit })}</p>
          <p>{g.boundaryRank !== null ? t('ranking.boundary', { rank: g.boundaryRank }) : t('ranking.noBoundary')}</p>
          {skd && g.exceededBy > 0 ? <Alert tone="warning">{t('ranking.tied', { count: g.tiedAtBoundary, exceeded: g.exceededBy })}</Alert> : null}
          {g.histogram.length ? <ScoreChart bins={g.histogram} title={`${t('ranking.chart')} — ${g.formasiTypeCode} · ${g.location}`} /> : null}
          <div className="table-wrap" tabIndex={0} role="group" aria-label={`${t('ranking.list')} — ${g.formasiTypeCode} · ${g.location}`}>
            <table>
              <caption>{`${t('ranking.list')} — ${g.formasiTypeCode} · ${g.location}`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ranking.rank')}</th>
                  <th scope="col">{t('ranking.registrationNumber')}</th>
                  <th scope="col">{t('ranking.name')}</th>
                  {pppk ? (
                    <>
                      <th scope="col">{t('ranking.priority')}</th>
                      <th scope="col">{t('ranking.technical')}</th>
                      <th scope="col">{t('ranking.managerialSocio')}</th>
                      <th scope="col">{t('ranking.interview')}</th>
                    </>
                  ) : (
                    <>
                      <th scope="col">TWK</th>
                      <th scope="col">TIU</th>
                      <th scope="col">TKP</th>
                      <th scope="col">{t('ranking.skdTotal')}</th>
                      {showNormalised ? <th scope="col">{t('ranking.normalised')}</th> : null}
                      {!skd ? <th scope="col">{t('ranking.skb100')}</th> : null}
                    </>
                  )}
                  <th scope="col">{t('ranking.score')}</th>
                  <th scope="col">{t('ranking.code')}</th>
                  {!skd ? <th scope="col">{t('ranking.movedTo')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {g.entries.map((e) => (
                  <tr key={e.applicationId} className={e.rank !== null && e.rank === g.boundaryRank ? 'boundary' : undefined}>
                    <td>{e.rank ?? '—'}</td>
                    <td>{e.registrationNumber}</td>
                    <td>{e.name}</td>
                    {pppk ? (
                      <>
                        <td>{e.priorityGroup ? t(`ranking.priorities.${e.priorityGroup}`) : '—'}</td>
                        <td>{e.technical ?? '—'}</td>
                        <td>{e.managerialSocio ?? '—'}</td>
                        <td>{e.interview ?? '—'}</td>
                      </>
                    ) : (
                      <>
                        <td>{e.twk ?? '—'}</td>
                        <td>{e.tiu ?? '—'}</td>
                        <td>{e.tkp ?? '—'}</td>
                        <td>{e.skdTotal ?? '—'}</td>
                        {showNormalised ? <td>{e.normalised ?? '—'}</td> : null}
                        {!skd ? <td>{e.skb100 ?? '—'}</td> : null}
                      </>
                    )}
                    <td>{e.score ?? '—'}</td>
                    <td>
                      <Badge tone={CODE_TONE[e.code] ?? 'neutral'}>{e.code}</Badge>
                    </td>
                    {!skd ? <td>{e.assignedTo ?? ''}</td> : null}
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

export const meta: MetaFunction = () => [{ title: 'Tinjau jabatan · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
