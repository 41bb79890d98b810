import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Badge, Card, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getPositionDetail } from '~/models/vacancy-search.server'
import { cacheHeadersFrom, publicCacheHeaders } from '~/utils/public-cache.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

/** Public (no sign-in): one published position with everything an applicant must know. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const position = await getPositionDetail(params.positionId ?? '')
  if (!position) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  return json({ position }, { headers: publicCacheHeaders(request) })
}

export const headers: HeadersFunction = ({ loaderHeaders }) => cacheHeadersFrom(loaderHeaders)

export default function PositionPage() {
  const { t, i18n } = useTranslation()
  const { position } = useLoaderData<typeof loader>()
  const { locale, timeZone } = useRootData()
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID')
  const decimal = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const age = position.ageLimits
  const ageText =
    age.min !== null && age.max !== null
      ? t('search.position.ageRange', { min: age.min, max: age.max })
      : age.min !== null
        ? t('search.position.ageMin', { min: age.min })
        : t('search.position.ageMax', { max: age.max })
  const skbLabel = (type: string) => (i18n.exists(`search.skbTypes.${type}`) ? t(`search.skbTypes.${type}`) : type)

  return (
    <>
      <p>
        <Link to="/formasi">← {t('search.position.back')}</Link>
      </p>
      <PageHeader title={position.name} lead={`${position.agency.name} · ${position.unit}`}>
        <p>
          {t('search.position.code')}: <strong>{position.code}</strong> · {t('search.position.period')}: {position.period.name}
        </p>
        <p>
          {position.registration
            ? t('search.position.registration', {
                opens: formatDateTime(position.registration.opensAt, { timeZone, locale }),
                closes: formatDateTime(position.registration.closesAt, { timeZone, locale }),
              })
            : t('search.position.registrationNotSet')}{' '}
          <Link to={`/jadwal/${encodeURIComponent(position.period.code)}`}>{t('search.position.timeline')}</Link>
        </p>
      </PageHeader>

      <Card title={t('search.position.requirements')}>
        <dl className="facts">
          <dt>{t('search.position.educationLevels')}</dt>
          <dd>{position.educationLevels.join(', ')}</dd>
          <dt>{t('search.position.studyProgrammes')}</dt>
          <dd>
            {position.studyProgrammes.length ? (
              <ul>
                {position.studyProgrammes.map((s) => (
                  <li key={s.code}>
                    {s.level} {s.name}
                  </li>
                ))}
              </ul>
            ) : (
              t('search.position.anyStudyProgramme')
            )}
          </dd>
          <dt>{t('search.position.minGpa')}</dt>
          <dd>{position.minGpa !== null ? decimal.format(position.minGpa) : t('search.position.noMinGpa')}</dd>
          <dt>{t('search.position.age')}</dt>
          <dd>
            {ageText} ({age.source === 'position' ? t('search.position.ageFromPosition') : t('search.position.ageFromRules')}
            {position.period.ageCutoffDate
              ? `, ${t('search.position.ageCutoff', { date: formatDate(position.period.ageCutoffDate, { timeZone: 'UTC', locale }) })}`
              : ''}
            )
          </dd>
        </dl>
      </Card>

      <Card title={t('search.position.vacancies')}>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('search.position.location')}</th>
                <th scope="col">{t('search.position.formasiType')}</th>
                <th scope="col">{t('search.position.count')}</th>
                {position.competitivenessVisible ? <th scope="col">{t('search.position.applicants')}</th> : null}
                <th scope="col">
                  <span className="visually-hidden">{t('search.position.apply')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {position.vacancies.map((v) => (
                <tr key={v.id}>
                  <td>{v.location}</td>
                  <td>{v.formasiTypeName}</td>
                  <td>{number.format(v.count)}</td>
                  {position.competitivenessVisible ? (
                    <td>
                      {t('search.results.competition', { applicants: number.format(v.applicantCount ?? 0), vacancies: number.format(v.count) })}
                      {v.applicantsPerVacancy !== null ? <small> (1 : {number.format(v.applicantsPerVacancy)})</small> : null}
                    </td>
                  ) : null}
                  <td>
                    <Link to={`/daftar?formasi=${encodeURIComponent(v.id)}`} className="btn btn-primary">
                      {t('search.position.apply')}
                      <span className="visually-hidden">
                        {' '}
                        ({t('search.position.applyContext', { location: v.location, type: v.formasiTypeName })})
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!position.competitivenessVisible ? <p className="hint">{t('search.results.competitionHidden')}</p> : null}
      </Card>

      <Card title={t('search.position.documents')}>
        {position.documents.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('search.position.document')}</th>
                  <th scope="col">{t('search.position.limit')}</th>
                  <th scope="col">{t('search.position.required')}</th>
                </tr>
              </thead>
              <tbody>
                {position.documents.map((d) => (
                  <tr key={d.code}>
                    <td>{d.label}</td>
                    <td>{t('search.position.documentLimit', { format: d.format, size: number.format(d.maxKb) })}</td>
                    <td>{d.required ? t('search.position.required') : t('search.position.optional')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('search.position.noDocuments')}</p>
        )}
      </Card>

      <Card title={t('search.position.tests')}>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('search.position.test')}</th>
                <th scope="col">{t('search.position.weight')}</th>
                <th scope="col">{t('search.position.eliminating')}</th>
                <th scope="col">{t('search.position.criterion')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{t('search.position.cat')}</td>
                <td>{position.catWeight}%</td>
                <td>{t('search.position.eliminatingNo')}</td>
                <td />
              </tr>
              {position.skbTests.map((test) => (
                <tr key={test.type}>
                  <td>{skbLabel(test.type)}</td>
                  <td>{test.weight}%</td>
                  <td>{test.eliminating ? <Badge tone="warn">{t('search.position.eliminatingYes')}</Badge> : t('search.position.eliminatingNo')}</td>
                  <td>{test.criterion ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {position.skbTests.length === 0 ? <p className="hint">{t('search.position.noAdditionalTests')}</p> : null}
      </Card>

      <Card title={t('search.position.integration')}>
        <dl className="facts">
          <dt>{t('search.position.integrationSkd')}</dt>
          <dd>{position.integrationWeights.skdPercent}%</dd>
          <dt>{t('search.position.integrationSkb')}</dt>
          <dd>{position.integrationWeights.skbPercent}%</dd>
        </dl>
      </Card>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.position.name} — ${data.position.agency.name} · Portal Seleksi ASN` : 'Formasi — Portal Seleksi ASN' },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
