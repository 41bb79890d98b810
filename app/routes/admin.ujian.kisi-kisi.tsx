import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { BLUEPRINTS } from '~/domain/exam/blueprints'
import { RULES_2024 } from '~/domain/selection/rules'
import { getActiveRules } from '~/models/period.server'
import { requirePermission } from '~/utils/session.server'

// The blueprints as shipped data (issue 6: "SKD 2024 and PPPK 2024 as data"): subtests, item
// counts, scoring, maximum, difficulty mix and duration from `blueprints.ts`, and the pass
// thresholds (NAB) by formasi type from the period's rules (or the 2024 defaults).
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:exam:any')
  const periodId = new URL(request.url).searchParams.get('periode')
  const active = periodId ? await getActiveRules(periodId) : null
  const thresholds = (active?.rules ?? RULES_2024).skdThresholds
  return json({
    blueprints: [BLUEPRINTS.SKD_2024, BLUEPRINTS.PPPK_2024],
    thresholds,
    rulesSource: active ? { version: active.version } : null,
  })
}

export default function BlueprintPage() {
  const { t } = useTranslation()
  const { blueprints, thresholds, rulesSource } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('examPlanning.blueprint.title')} lead={t('examPlanning.blueprint.lead')}>
        <p>
          <Link to="/admin/ujian">{t('examPlanning.site.back')}</Link>
        </p>
      </PageHeader>
      {blueprints.map((b) => (
        <section key={b.code} className="card" aria-labelledby={`bp-${b.code}`}>
          <h2 id={`bp-${b.code}`}>
            {b.name} ({b.code})
          </h2>
          <p>{t('examPlanning.blueprint.duration', { minutes: b.durationMinutes, max: b.maxTotal })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('examPlanning.blueprint.subtest')}</th>
                  <th scope="col">{t('examPlanning.blueprint.items')}</th>
                  <th scope="col">{t('examPlanning.blueprint.scoring')}</th>
                  <th scope="col">{t('examPlanning.blueprint.max')}</th>
                  <th scope="col">{t('examPlanning.blueprint.mix')}</th>
                </tr>
              </thead>
              <tbody>
                {b.subtests.map((s) => (
                  <tr key={s.code}>
                    <th scope="row">{s.code}</th>
                    <td>{s.itemCount}</td>
                    <td>{s.scoring === 'single' ? t('examPlanning.blueprint.single', { max: s.maxPerItem }) : t('examPlanning.blueprint.weighted', { max: s.maxPerItem })}</td>
                    <td>{s.itemCount * s.maxPerItem}</td>
                    <td>{t('examPlanning.blueprint.mixValue', { easy: s.difficultyMix[1], medium: s.difficultyMix[2], hard: s.difficultyMix[3] })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('examPlanning.blueprint.thresholds')}</h3>
          {b.testKind === 'SKD' ? (
            <>
              <p className="hint">{rulesSource ? t('examPlanning.blueprint.fromRules', { version: rulesSource.version }) : t('examPlanning.blueprint.fromDefaults')}</p>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('examPlanning.blueprint.formasiType')}</th>
                      <th scope="col">{t('examPlanning.blueprint.rule')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{t('examPlanning.blueprint.general')}</th>
                      <td>{t('examPlanning.blueprint.generalRule', thresholds.general)}</td>
                    </tr>
                    {Object.entries(thresholds.special).map(([code, rule]) => (
                      <tr key={code}>
                        <th scope="row">{code}</th>
                        <td>{t('examPlanning.blueprint.specialRule', rule)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>{t('examPlanning.blueprint.pppkNoThreshold')}</p>
          )}
        </section>
      ))}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Kisi-kisi ujian — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
