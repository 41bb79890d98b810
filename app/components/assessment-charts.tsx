import { useTranslation } from 'react-i18next'

/**
 * Per-assessor score distribution (issue 7: "a harsh or lenient assessor shows up"): one row per
 * assessor on a 0–100 axis, a dot per submitted total and a bar at the mean; the table after it
 * carries the same figures for screen readers and for anyone who prefers numbers.
 */
export type AssessorTotals = { name: string; totals: number[] }

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null)

export function ScoreDistribution({ assessors }: { assessors: AssessorTotals[] }) {
  const { t } = useTranslation()
  const rowH = 28
  const left = 150
  const width = 560
  const plot = width - left - 20
  const x = (score: number) => left + (score / 100) * plot
  const height = assessors.length * rowH + 30
  const overall = mean(assessors.flatMap((a) => a.totals))
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby="dist-title">
        <title id="dist-title">{t('assessment.panel.distributionTitle')}</title>
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - 20} stroke="#ccc" />
            <text x={x(tick)} y={height - 5} fontSize="11" textAnchor="middle">
              {tick}
            </text>
          </g>
        ))}
        {overall !== null ? <line x1={x(overall)} x2={x(overall)} y1={0} y2={height - 20} stroke="#888" strokeDasharray="4 3" /> : null}
        {assessors.map((a, i) => {
          const y = i * rowH + rowH / 2
          const m = mean(a.totals)
          return (
            <g key={a.name}>
              <text x={4} y={y + 4} fontSize="12">
                {a.name.length > 22 ? `${a.name.slice(0, 21)}…` : a.name}
              </text>
              {a.totals.map((s, j) => (
                <circle key={j} cx={x(s)} cy={y} r={4} fill="#1f5fa8" fillOpacity={0.6} />
              ))}
              {m !== null ? <rect x={x(m) - 1.5} y={y - 9} width={3} height={18} fill="#b3261e" /> : null}
            </g>
          )
        })}
      </svg>
      <figcaption className="hint">{t('assessment.panel.distributionCaption')}</figcaption>
      <div className="table-wrap" tabIndex={0}>
        <table aria-label={t('assessment.panel.distributionTable')}>
          <thead>
            <tr>
              <th scope="col">{t('assessment.panel.assessor')}</th>
              <th scope="col">{t('assessment.panel.n')}</th>
              <th scope="col">{t('assessment.panel.mean')}</th>
              <th scope="col">{t('assessment.panel.min')}</th>
              <th scope="col">{t('assessment.panel.max')}</th>
            </tr>
          </thead>
          <tbody>
            {assessors.map((a) => (
              <tr key={a.name}>
                <th scope="row">{a.name}</th>
                <td>{a.totals.length}</td>
                <td>{mean(a.totals) ?? '—'}</td>
                <td>{a.totals.length ? Math.min(...a.totals) : '—'}</td>
                <td>{a.totals.length ? Math.max(...a.totals) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const pct = total ? Math.round((done / total) * 100) : 0
  return (
    <div className="field">
      <label htmlFor="assessment-progress">{label}</label>
      <progress id="assessment-progress" max={total || 1} value={done}>
        {pct} %
      </progress>{' '}
      <span>
        {done}/{total} ({pct} %)
      </span>
    </div>
  )
}
