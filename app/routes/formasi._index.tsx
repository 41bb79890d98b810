import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, Card, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { listSearchPeriods, parseSearchForm, resolveSearchPeriod, searchFacets, searchVacancies } from '~/models/vacancy-search.server'
import { cacheHeadersFrom, publicCacheHeaders } from '~/utils/public-cache.server'
import { useRootData } from '~/utils/user'

/** Public (no sign-in): the published formation of a period, searchable by a plain GET form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const submission = parseSearchForm(url.searchParams)
  const form = Object.fromEntries(
    ['periode', 'instansi', 'pendidikan', 'prodi', 'lokasi', 'jenis', 'q'].map((k) => [k, url.searchParams.get(k) ?? '']),
  ) as Record<'periode' | 'instansi' | 'pendidikan' | 'prodi' | 'lokasi' | 'jenis' | 'q', string>
  const errors = submission.status === 'success' ? null : (submission.error ?? null)
  const value = submission.status === 'success' ? submission.value : null

  const [periods, outcome] = await Promise.all([
    listSearchPeriods(),
    value
      ? searchVacancies({
          periodCode: value.periode,
          agencyCode: value.instansi,
          educationLevel: value.pendidikan,
          studyProgram: value.prodi,
          location: value.lokasi,
          formasiType: value.jenis,
          q: value.q,
          page: value.halaman,
        })
      : null,
  ])
  const period = outcome ? outcome.period : await resolveSearchPeriod(form.periode || undefined)
  const facets = period ? await searchFacets(period.id) : null

  return json(
    {
      form,
      errors,
      periods: periods.map((p) => ({ code: p.code, name: p.name })),
      period: period ? { code: period.code, name: period.name } : null,
      unknownPeriod: Boolean(form.periode) && !period,
      facets: facets
        ? {
            // [code, name] pairs: ~550 agencies nationally, so the page's data stays small.
            agencies: facets.agencies.map((a) => [a.code, a.name] as [string, string]),
            formasiTypes: facets.formasiTypes.map((f) => ({ value: f.code, label: f.name })),
            educationLevels: facets.educationLevels,
            // Names only, once each (the same name exists at several levels, e.g. Akuntansi D3/S1).
            studyProgrammes: [...new Set(facets.studyProgrammes.map((s) => s.name))],
          }
        : null,
      outcome: outcome
        ? {
            total: outcome.total,
            page: outcome.page,
            pageCount: outcome.pageCount,
            competitivenessVisible: outcome.competitivenessVisible,
            results: outcome.results,
          }
        : null,
    },
    { headers: publicCacheHeaders(request) },
  )
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cacheHeadersFrom(loaderHeaders)

export default function SearchPage() {
  const { t } = useTranslation()
  const { form, errors, periods, period, unknownPeriod, facets, outcome } = useLoaderData<typeof loader>()
  const { locale } = useRootData()
  const navigation = useNavigation()
  const location = useLocation()
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID')
  const fieldErrors = (name: string) => errors?.[name]?.map((key) => t(key)) ?? null

  const pageLink = (page: number) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) if (v) params.set(k, v)
    if (page > 1) params.set('halaman', String(page))
    const query = params.toString()
    return query ? `/formasi?${query}` : '/formasi'
  }

  return (
    <>
      <PageHeader title={t('search.title')} lead={t('search.lead')} />
      {unknownPeriod ? <Alert tone="warning">{t('search.results.unknownPeriod')}</Alert> : null}
      {!period && !unknownPeriod ? <Alert>{t('search.results.noPeriod')}</Alert> : null}
      {errors ? <Alert tone="error">{t('search.results.invalid')}</Alert> : null}

      <Card title={t('search.form.title')}>
        {/* Keyed by the query, so "clear filters" and back/forward show the fields of that query. */}
        <Form key={location.search} method="get" action="/formasi" className="search-form">
          <div className="grid">
            {periods.length > 1 ? (
              <SelectField
                label={t('search.form.period')}
                name="periode"
                defaultValue={period?.code ?? ''}
                options={periods.map((p) => ({ value: p.code, label: p.name }))}
              />
            ) : null}
            <LongSelectField
              label={t('search.form.agency')}
              name="instansi"
              value={form.instansi}
              options={[['', t('search.form.allAgencies')], ...(facets?.agencies ?? [])]}
            />
            <SelectField
              label={t('search.form.educationLevel')}
              name="pendidikan"
              defaultValue={form.pendidikan}
              errors={fieldErrors('pendidikan')}
              options={[
                { value: '', label: t('search.form.allLevels') },
                ...(facets?.educationLevels ?? []).map((l) => ({ value: l, label: l })),
              ]}
            />
            <SuggestField
              label={t('search.form.studyProgram')}
              hint={t('search.form.studyProgramHint')}
              name="prodi"
              defaultValue={form.prodi}
              errors={fieldErrors('prodi')}
              suggestions={facets?.studyProgrammes ?? []}
            />
            {/* ≈500 places nationally: a plain text field (part of a name finds every match)
                keeps the page light on a slow link. */}
            <SuggestField
              label={t('search.form.location')}
              hint={t('search.form.locationHint')}
              name="lokasi"
              defaultValue={form.lokasi}
              errors={fieldErrors('lokasi')}
              suggestions={[]}
            />
            <SelectField
              label={t('search.form.formasiType')}
              name="jenis"
              defaultValue={form.jenis}
              options={[{ value: '', label: t('search.form.allTypes') }, ...(facets?.formasiTypes ?? [])]}
            />
            <SuggestField
              label={t('search.form.q')}
              hint={t('search.form.qHint')}
              name="q"
              type="search"
              defaultValue={form.q}
              errors={fieldErrors('q')}
              suggestions={[]}
            />
          </div>
          <div className="row-actions">
            <Button type="submit" disabled={navigation.state === 'loading' && navigation.location?.pathname === '/formasi'}>
              {t('search.form.submit')}
            </Button>
            <Link to="/formasi" className="btn btn-secondary">
              {t('search.form.reset')}
            </Link>
          </div>
        </Form>
      </Card>

      {outcome && period ? (
        <Card title={t('search.results.title')}>
          <p className="result-count" role="status">
            <strong>{t('search.results.count', { n: number.format(outcome.total) })}</strong>
          </p>
          {outcome.total === 0 ? <p>{t('search.results.none')}</p> : null}
          {!outcome.competitivenessVisible && outcome.total > 0 ? <p className="hint">{t('search.results.competitionHidden')}</p> : null}
          {outcome.results.length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('search.results.position')}</th>
                    <th scope="col">{t('search.results.agency')}</th>
                    <th scope="col">{t('search.results.location')}</th>
                    <th scope="col">{t('search.results.formasiType')}</th>
                    <th scope="col">{t('search.results.education')}</th>
                    <th scope="col">{t('search.results.vacancies')}</th>
                    {outcome.competitivenessVisible ? <th scope="col">{t('search.results.applicants')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {outcome.results.map((r) => (
                    <tr key={r.vacancyId}>
                      <td>
                        <Link to={`/formasi/${r.positionId}`}>{r.positionName}</Link>
                        <br />
                        <small>
                          {r.unit} · {r.positionCode}
                        </small>
                      </td>
                      <td>{r.agencyName}</td>
                      <td>{r.location}</td>
                      <td>{r.formasiTypeName}</td>
                      <td>{r.educationLevels.join(', ')}</td>
                      <td>{number.format(r.vacancies)}</td>
                      {outcome.competitivenessVisible ? (
                        <td>
                          {t('search.results.competition', {
                            applicants: number.format(r.applicantCount ?? 0),
                            vacancies: number.format(r.vacancies),
                          })}
                          {r.applicantsPerVacancy !== null ? <small> (1 : {number.format(r.applicantsPerVacancy)})</small> : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {outcome.pageCount > 1 ? (
            <nav className="pagination" aria-label={t('search.pagination.label')}>
              {outcome.page > 1 ? (
                <Link to={pageLink(outcome.page - 1)} rel="prev">
                  {t('search.pagination.previous')}
                </Link>
              ) : null}
              <span aria-current="page">
                {t('search.pagination.pageOf', { page: number.format(outcome.page), pages: number.format(outcome.pageCount) })}
              </span>
              {outcome.page < outcome.pageCount ? (
                <Link to={pageLink(outcome.page + 1)} rel="next">
                  {t('search.pagination.next')}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </Card>
      ) : null}
    </>
  )
}

/** A text field with suggestions (a native datalist: no script, works on any phone). */
function SuggestField({
  label,
  hint,
  name,
  type = 'text',
  defaultValue,
  errors,
  suggestions,
}: {
  label: string
  hint: string
  name: string
  type?: 'text' | 'search'
  defaultValue: string
  errors: string[] | null
  suggestions: readonly string[]
}) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={hintId}>
        {hint}
      </p>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        maxLength={100}
        list={suggestions.length ? `${id}-list` : undefined}
        autoComplete="off"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${hintId} ${errorId}` : hintId}
      />
      {suggestions.length ? <Datalist id={`${id}-list`} values={suggestions} /> : null}
      {errors?.length ? (
        <p className="error" id={errorId}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/*
 * The national lists are long (≈550 agencies, ≈500 locations). Rendered as one escaped HTML string
 * instead of a thousand React elements, the page renders several times faster on the server (see
 * `npm run bench:search`); the browser gets the same plain <option>s and needs no script.
 */
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)

function Datalist({ id, values }: { id: string; values: readonly string[] }) {
  const html = useMemo(() => values.map((v) => `<option value="${escapeHtml(v)}"></option>`).join(''), [values])
  return <datalist id={id} dangerouslySetInnerHTML={{ __html: html }} />
}

/** A select with many options ([value, label] pairs); `value` is the one shown as chosen. */
function LongSelectField({ label, name, value, options }: { label: string; name: string; value: string; options: readonly (readonly [string, string])[] }) {
  const id = useId()
  const html = useMemo(
    () => options.map(([v, l]) => `<option value="${escapeHtml(v)}"${v === value ? ' selected' : ''}>${escapeHtml(l)}</option>`).join(''),
    [options, value],
  )
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  )
}

export const meta: MetaFunction = () => [
  { title: 'Cari Formasi — Portal Seleksi ASN' },
  { name: 'description', content: 'Cari formasi CPNS dan PPPK: instansi, jabatan, pendidikan, program studi, lokasi, dan jenis formasi.' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
