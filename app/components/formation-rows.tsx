import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { FormationError, FormationRow } from '~/domain/selection/formation'

/** Rows of one formation version per page (agencies have thousands). */
export const FORMATION_PAGE_SIZE = 100

/** The page of rows a loader sends: `page` is 1-based and clamped to the rows there are. */
export function pageOfRows(rows: readonly FormationRow[], pageParam: string | null) {
  const pages = Math.max(1, Math.ceil(rows.length / FORMATION_PAGE_SIZE))
  const page = Math.min(pages, Math.max(1, Number.parseInt(pageParam ?? '1', 10) || 1))
  return { page, pages, rows: rows.slice((page - 1) * FORMATION_PAGE_SIZE, page * FORMATION_PAGE_SIZE) }
}

export function FormationRowsTable({ rows, page, pages }: { rows: FormationRow[]; page: number; pages: number }) {
  const { t } = useTranslation()
  if (!rows.length) return <p>{t('formation.noRows')}</p>
  return (
    <>
      <h3 id="formation-rows">{t('formation.rowsTable')}</h3>
      <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="formation-rows">
        <table aria-labelledby="formation-rows">
          <thead>
            <tr>
              <th scope="col">{t('formation.col.code')}</th>
              <th scope="col">{t('formation.col.name')}</th>
              <th scope="col">{t('formation.col.unit')}</th>
              <th scope="col">{t('formation.col.location')}</th>
              <th scope="col">{t('formation.col.formasiType')}</th>
              <th scope="col">{t('formation.col.count')}</th>
              <th scope="col">{t('formation.col.education')}</th>
              <th scope="col">{t('formation.col.studyPrograms')}</th>
              <th scope="col">{t('formation.col.gpa')}</th>
              <th scope="col">{t('formation.col.skb')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.positionCode}|${r.location}|${r.formasiType}`}>
                <td>{r.positionCode}</td>
                <td>{r.positionName}</td>
                <td>{r.unit}</td>
                <td>{r.location}</td>
                <td>{r.formasiType}</td>
                <td>{r.count}</td>
                <td>{r.educationLevels.join(', ')}</td>
                <td>{r.studyPrograms.join(', ') || '—'}</td>
                <td>{r.minGpa === null ? '—' : r.minGpa.toFixed(2)}</td>
                <td>
                  {[
                    t('formation.catOnly', { cat: r.catWeight }),
                    ...r.skbTests.map((s) => `${s.type} ${s.weight}${s.eliminating ? ` (${t('formation.eliminating')})` : ''}`),
                  ].join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} />
    </>
  )
}

function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation()
  const location = useLocation()
  if (pages <= 1) return null
  const to = (n: number) => {
    const params = new URLSearchParams(location.search)
    params.set('halaman', String(n))
    params.delete('hasil')
    return `${location.pathname}?${params.toString()}`
  }
  return (
    <nav aria-label={t('formation.pagination')} className="pager">
      {page > 1 ? <Link to={to(page - 1)}>{t('formation.previous')}</Link> : null}{' '}
      <span>{t('formation.page', { page, pages })}</span>{' '}
      {page < pages ? <Link to={to(page + 1)}>{t('formation.next')}</Link> : null}
    </nav>
  )
}

/** The validation report: the file's row number, its column, and what is wrong. */
export function FormationErrorsTable({ errors, total }: { errors: FormationError[]; total: number }) {
  const { t } = useTranslation()
  return (
    <>
      <div className="table-wrap" tabIndex={0} role="group" aria-label={t('formation.errorsTable')}>
        <table aria-label={t('formation.errorsTable')}>
          <thead>
            <tr>
              <th scope="col">{t('formation.errorRow')}</th>
              <th scope="col">{t('formation.errorColumn')}</th>
              <th scope="col">{t('formation.errorProblem')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td>{e.row}</td>
                <td>{e.column ?? t('formation.wholeRow')}</td>
                <td>{t(e.key, { ...e.params, value: e.value })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > errors.length ? <p>{t('formation.moreErrors', { total: total - errors.length })}</p> : null}
    </>
  )
}
