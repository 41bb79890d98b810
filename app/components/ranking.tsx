import { useId } from 'react'
import { useTranslation } from 'react-i18next'

/** The run's progress bar: a native <progress> with its value in words (screen readers, no CSS). */
export function RunProgress({ progress, step, label: given }: { progress: number; step: string | null; label?: string }) {
  const { t } = useTranslation()
  // `label`: the words for jobs other than ranking runs (the exam planning jobs).
  const label = given ?? t('ranking.progressOf', { progress, step: step ? t(`ranking.steps.${step}`, { defaultValue: step }) : '—' })
  return (
    <div>
      <progress max={100} value={progress} aria-label={label}>
        {progress}%
      </progress>{' '}
      <span className="hint">{label}</span>
    </div>
  )
}

/**
 * A score histogram as inline SVG (no chart library, nothing to download on 3G), hidden from
 * screen readers, with the same numbers as a table right after it.
 */
export function ScoreChart({ bins, title }: { bins: { from: number; to: number; count: number }[]; title: string }) {
  const { t } = useTranslation()
  const id = useId()
  const max = Math.max(1, ...bins.map((b) => b.count))
  const width = 320
  const height = 120
  const barWidth = bins.length ? width / bins.length : width
  return (
    <figure aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 16}`} width="100%" style={{ maxWidth: width }} aria-hidden="true" focusable="false">
        {bins.map((b, i) => {
          const h = (b.count / max) * height
          return (
            <g key={i}>
              <rect x={i * barWidth + 1} y={height - h} width={barWidth - 2} height={h} fill="#0b4f8a" />
              <text x={i * barWidth + barWidth / 2} y={height + 12} fontSize="8" textAnchor="middle" fill="#1b1f24">
                {b.from}
              </text>
            </g>
          )
        })}
      </svg>
      <details>
        <summary>{t('ranking.chartTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('ranking.range')}</th>
              <th scope="col">{t('ranking.count')}</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b, i) => (
              <tr key={i}>
                <td>
                  {b.from}–{b.to}
                </td>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

type ApplicantResult = {
  publicationId: string
  stage: string
  version: number
  code: string
  replacement: boolean
  rank: number | null
  score: string | null
  objection: { status: string; answer: string | null } | null
  resignation: { status: string; bannedUntilYear: number | null } | null
}

/** The applicant's line in each list in force (dashboard and "Hasil seleksi saya"). */
export function ApplicantResults({ results }: { results: readonly ApplicantResult[] }) {
  const { t } = useTranslation()
  if (!results.length) return null
  return (
    <section className="card" aria-labelledby="applicant-results">
      <h2 id="applicant-results">{t('ranking.applicant.title')}</h2>
      <dl>
        {results.map((r) => (
          <div key={r.publicationId}>
            <dt>
              {t(`ranking.stages.${r.stage}`)} ({t('ranking.version', { version: r.version })})
            </dt>
            <dd>
              <strong>
                {t('ranking.applicant.code')}: {t(`ranking.codes.${r.code}`, { defaultValue: r.code })}
              </strong>
              {r.rank !== null ? ` · ${t('ranking.rank')} ${r.rank}` : ''}
              {r.score !== null ? ` · ${t('ranking.score')} ${r.score}` : ''}
              {r.replacement ? <p>{t('ranking.applicant.replacement')}</p> : null}
              {r.objection ? (
                <p>
                  {t(`ranking.applicant.objectionStatus.${r.objection.status}`)}
                  {r.objection.answer ? ` — ${t('ranking.applicant.objectionAnswered', { answer: r.objection.answer })}` : ''}
                </p>
              ) : null}
              {r.resignation ? (
                <p>
                  {t(`ranking.applicant.resignation.${r.resignation.status}`)}
                  {r.resignation.bannedUntilYear ? ` · ${t('ranking.bannedUntil', { year: r.resignation.bannedUntilYear })}` : ''}
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
