import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import examStyles from '~/styles/exam.css'
import { maskName } from '~/domain/application/steps'
import { scoreboard } from '~/models/exam.server'

// The public live scoreboard of one session (a projector view; domain.md §3 "Transparency: live
// scores on screens at the test site"). Names are masked; scores appear as attempts are scored.
export async function loader({ params }: LoaderFunctionArgs) {
  const board = await scoreboard(params.sessionCode ?? '')
  if (!board) throw new Response('Not found', { status: 404 })
  return json(
    {
      session: board.session.code,
      site: board.site?.name ?? '',
      subtests: board.blueprint.subtests.map((s) => s.code),
      rows: board.rows.map((r) => ({ number: r.participantNumber, name: maskName(r.name), state: r.state, scores: r.scores, passed: r.passed })),
    },
    { headers: { 'Cache-Control': 'public, max-age=5' } },
  )
}

export default function ScoreboardPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 5000)
    return () => clearInterval(timer)
  }, [revalidator])
  return (
    <>
      <PageHeader title={t('exam.scoreboard.title', { session: data.session })} lead={t('exam.scoreboard.lead', { site: data.site })} />
      {data.rows.length === 0 ? <p>{t('exam.scoreboard.empty')}</p> : null}
      <div className="table-wrap">
        <table className="scoreboard">
          <thead>
            <tr>
              <th scope="col">{t('exam.scoreboard.rank')}</th>
              <th scope="col">{t('exam.proctor.number')}</th>
              <th scope="col">{t('exam.proctor.name')}</th>
              {data.subtests.map((s) => (
                <th scope="col" key={s}>{s}</th>
              ))}
              <th scope="col">{t('exam.result.total')}</th>
              <th scope="col">{t('exam.scoreboard.pass')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={r.number}>
                <td>{i + 1}</td>
                <td>{r.number}</td>
                <td>{r.name}</td>
                {data.subtests.map((s) => (
                  <td key={s}>{r.scores?.[s] ?? '—'}</td>
                ))}
                <td>
                  <strong>{r.scores?.total ?? '—'}</strong>
                </td>
                <td>
                  {r.state === 'ABSENT'
                    ? t('exam.states.ABSENT')
                    : r.state === 'DISQUALIFIED'
                      ? t('examPlanning.dis.state')
                      : r.scores
                      ? r.passed === null ? '—' : r.passed ? t('exam.scoreboard.passed') : t('exam.scoreboard.failed')
                      : t('exam.scoreboard.waiting')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: examStyles }]
export const meta: MetaFunction = () => [{ title: 'Papan skor CAT — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
