import type { PeriodRules } from '~/domain/selection/rules'

/**
 * The set-based SQL of a ranking run (ARCHITECTURE.md "Ranking is set-based SQL"): window
 * functions over every application of a period, partitioned by vacancy (position × formasi type ×
 * location), with the tie-break chains of `app/domain/ranking/` in the ORDER BY. Each statement is
 * one step of a run, split into shares (`StepShare`) that the model runs at the same time; the
 * bench (`scripts/bench-ranking.ts`) runs the very same code. Window partitions are keyed with
 * COLLATE "C": grouping needs only equality, and byte order sorts millions of ids much faster than
 * a linguistic collation (the ORDER BY inside a partition keeps the rules' own order). Parameters
 * are positional ($1…), never spliced in.
 */
/** `inserts`: the step adds a run's rows, so the table's statistics must be refreshed after it. */
export type RankingStatement = { name: string; sql: string; params: unknown[]; inserts?: boolean }

/**
 * Where a statement writes and which share of the period it covers. A run writes into its own
 * table (`table`, attached to "RankingEntry" as the run's partition when the run is done, ADR 017)
 * and each step is split into `workers` disjoint shares by a hash of the vacancy (SKD, PPPK,
 * integration) or of the agency (optimalisasi, whose pool never crosses agencies), so the shares
 * run at the same time on separate connections. The default is the whole period in one statement.
 */
export type StepShare = { table: string; workers: number; worker: number }
export const WHOLE: StepShare = { table: 'RankingEntry', workers: 1, worker: 0 }

/** A quoted table name; only letters, digits and `_` are accepted (run ids are cuids). */
function tableOf(share: StepShare) {
  if (!/^[A-Za-z0-9_]+$/.test(share.table)) throw new Error(`unsafe ranking table name: ${share.table}`)
  return `"${share.table}"`
}

/** `expr` falls in this share: a stable hash, non-negative, modulo the worker count ($w, $k). */
function inShare(expr: string, w: number, k: number) {
  return `(hashtext(${expr}) & 2147483647) % $${w}::int = $${k}::int`
}

/** Special thresholds as a JSON array for `jsonb_to_recordset` (domain.md §3). */
function specialThresholds(rules: PeriodRules) {
  return JSON.stringify(Object.entries(rules.skdThresholds.special).map(([code, t]) => ({ code, total: t.total, tiu: t.tiu })))
}

/** Final-score order (domain.md §6), the same chain as `compareFinal`. */
const FINAL_ORDER = `score DESC, "skdTotal" DESC, tkp DESC, tiu DESC, twk DESC, gpa DESC NULLS LAST, "birthDate" ASC NULLS LAST, "applicationId"`
const ENTRY_FINAL_ORDER = `e.score DESC, e."skdTotal" DESC, e.tkp DESC, e.tiu DESC, e.twk DESC, e.gpa DESC NULLS LAST, e."birthDate" ASC NULLS LAST, e."applicationId"`

/**
 * SKD ranking (domain.md §4): TH/DIS from attendance, TL below the formasi type's threshold, then
 * RANK() (ties share a rank) by total, TKP, TIU, TWK among those meeting it; P/L when the rank is
 * within vacancies × multiplier, so everyone tied at the boundary goes through.
 *
 * `normalised` (a committee's choice for the run, ADR 017): the total in that order, and the
 * stored score, is the equipercentile-normalised total of `app/domain/ranking/normalisation.ts`
 * (within each position: percentile rank in the own session mapped onto the position's pooled
 * distribution, rounded to 2 decimals). The thresholds stay on the raw subtest scores (the
 * national passing grade), and the raw total stays in "skdTotal". Shares are then cut by position,
 * so a position's sessions are pooled in one statement.
 */
export function skdRankingStatement(runId: string, periodId: string, rules: PeriodRules, share: StepShare = WHOLE, opts: { normalised?: boolean } = {}): RankingStatement {
  const g = rules.skdThresholds.general
  const normalised = opts.normalised === true
  const normalisation = `,
pool AS MATERIALIZED (SELECT application_id, position_id, session, total FROM c WHERE total IS NOT NULL AND session IS NOT NULL),
pr AS (
  -- position in the pooled order: (below + equal/2) / n_session × n_pooled − ½, in exact arithmetic
  SELECT application_id, position_id, count(*) OVER (PARTITION BY position_id COLLATE "C") AS n,
    ((2 * (RANK() OVER (PARTITION BY position_id COLLATE "C", session COLLATE "C" ORDER BY total) - 1) + count(*) OVER (PARTITION BY position_id COLLATE "C", session COLLATE "C", total))
      * count(*) OVER (PARTITION BY position_id COLLATE "C"))::numeric / (2 * count(*) OVER (PARTITION BY position_id COLLATE "C", session COLLATE "C")) - 0.5 AS x
  FROM pool
),
ord AS MATERIALIZED (SELECT position_id, total, ROW_NUMBER() OVER (PARTITION BY position_id COLLATE "C" ORDER BY total) - 1 AS i FROM pool),
nrm AS (
  SELECT p.application_id, round(lo.total + (hi.total - lo.total) * (p.x - floor(p.x)), 2) AS normalised
  FROM (SELECT application_id, position_id, LEAST(GREATEST(x, 0), n - 1) AS x FROM pr) p
  JOIN ord lo ON lo.position_id = p.position_id AND lo.i = floor(p.x)
  JOIN ord hi ON hi.position_id = p.position_id AND hi.i = ceil(p.x)
),
cn AS (SELECT c.*, COALESCE(nrm.normalised, c.total) AS ranking_score FROM c LEFT JOIN nrm USING (application_id))`
  return {
    name: 'skd',
    inserts: true,
    params: [runId, periodId, specialThresholds(rules), g.twk, g.tiu, g.tkp, rules.skbQuotaMultiplier, share.workers, share.worker],
    sql: `
INSERT INTO ${tableOf(share)} ("runId", "applicationId", "vacancyId", "positionId", "formasiTypeCode", location,
  code, rank, score, twk, tiu, tkp, "skdTotal", session)
WITH sp AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS sp(code text, total int, tiu int)),
c AS (
  SELECT a.id AS application_id, v.id AS vacancy_id, v."positionId" AS position_id, v."formasiTypeCode" AS formasi,
    v.location, v.count AS vacancies, tr.twk, tr.tiu, tr.tkp, tr.twk + tr.tiu + tr.tkp AS total,
    to_char(tr."takenAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:00') AS session,
    CASE
      WHEN tr.attendance = 'DISQUALIFIED' THEN 'DIS'
      WHEN tr.attendance IS DISTINCT FROM 'PRESENT' OR tr.twk IS NULL OR tr.tiu IS NULL OR tr.tkp IS NULL THEN 'TH'
      WHEN CASE WHEN sp.code IS NOT NULL THEN tr.twk + tr.tiu + tr.tkp >= sp.total AND tr.tiu >= sp.tiu
                ELSE tr.twk >= $4::int AND tr.tiu >= $5::int AND tr.tkp >= $6::int END THEN NULL
      ELSE 'TL'
    END AS pre
  FROM "Application" a
  JOIN "Vacancy" v ON v.id = a."vacancyId"
  LEFT JOIN "TestResult" tr ON tr."applicationId" = a.id AND tr.kind = 'SKD'
  LEFT JOIN sp ON sp.code = v."formasiTypeCode"
  WHERE a."periodId" = $2 AND a.status = 'VERIFIED_MS' AND ${inShare(normalised ? 'v."positionId"' : 'a."vacancyId"', 8, 9)}
)${normalised ? normalisation : `,
cn AS (SELECT c.*, c.total AS ranking_score FROM c)`},
r AS (
  SELECT cn.*, CASE WHEN pre IS NULL THEN
    RANK() OVER (PARTITION BY vacancy_id COLLATE "C", pre IS NULL ORDER BY ranking_score DESC, tkp DESC, tiu DESC, twk DESC) END AS rnk
  FROM cn
)
SELECT $1, application_id, vacancy_id, position_id, formasi, location,
  COALESCE(pre, CASE WHEN rnk <= vacancies * $7::int THEN 'P/L' ELSE 'P' END), rnk, ranking_score, twk, tiu, tkp, total, session
FROM r`,
  }
}

/**
 * Final integration (domain.md §6) of the SKD run's P/L candidates: SKB₁₀₀ from the CAT SKB (of 500)
 * (the SKD part is the SKD run's score: the raw total, or the normalised one when that run was normalised)
 * and the additional tests by the position's weights, the final score by the period's weights;
 * DIS/TH from SKB attendance, TL without rank for a failed eliminating test; the best `count` of
 * each vacancy get L.
 */
export function finalIntegrationStatement(runId: string, sourceRunId: string, rules: PeriodRules, share: StepShare = WHOLE): RankingStatement {
  const w = rules.integrationWeights
  return {
    name: 'integration',
    inserts: true,
    params: [runId, sourceRunId, w.skdPercent, w.skbPercent, share.workers, share.worker],
    sql: `
INSERT INTO ${tableOf(share)} ("runId", "applicationId", "vacancyId", "positionId", "formasiTypeCode", location,
  code, rank, score, twk, tiu, tkp, "skdTotal", skb100, gpa, "birthDate", session, "assignedVacancyId")
WITH add AS (
  SELECT s."applicationId", SUM(COALESCE(atr.score, 0) * pst.weight) AS weighted, bool_or(COALESCE(atr.eliminated, false)) AS eliminated
  FROM "RankingEntry" s
  JOIN "PositionSkbTest" pst ON pst."positionId" = s."positionId"
  LEFT JOIN "AdditionalTestResult" atr ON atr."applicationId" = s."applicationId" AND atr."testType" = pst.type
  WHERE s."runId" = $2 AND s.code = 'P/L' AND ${inShare('s."vacancyId"', 5, 6)}
  GROUP BY s."applicationId"
),
c AS (
  SELECT s."applicationId", s."vacancyId", s."positionId", s."formasiTypeCode", s.location, v.count AS vacancies,
    s.twk, s.tiu, s.tkp, s."skdTotal", s.session, COALESCE(s.score, s."skdTotal")::numeric AS skd_score,
    ((COALESCE(skb.total, 0)::numeric / 500 * 100) * p."catWeight" + COALESCE(add.weighted, 0)) / 100 AS skb100,
    NULLIF(a.education->>'gpa', '')::numeric(4, 2) AS gpa, ai."birthDate",
    CASE
      WHEN skb.attendance = 'DISQUALIFIED' THEN 'DIS'
      WHEN skb.attendance IS DISTINCT FROM 'PRESENT' OR skb.total IS NULL THEN 'TH'
      WHEN add.eliminated THEN 'TL-X'
    END AS pre
  FROM "RankingEntry" s
  JOIN "Vacancy" v ON v.id = s."vacancyId"
  JOIN "Position" p ON p.id = s."positionId"
  JOIN "Application" a ON a.id = s."applicationId"
  LEFT JOIN "ApplicantIdentity" ai ON ai."userId" = a."userId"
  LEFT JOIN "TestResult" skb ON skb."applicationId" = s."applicationId" AND skb.kind = 'SKB_CAT'
  LEFT JOIN add ON add."applicationId" = s."applicationId"
  WHERE s."runId" = $2 AND s.code = 'P/L' AND ${inShare('s."vacancyId"', 5, 6)}
),
f AS (
  SELECT c.*, round((((skd_score / 550) * 100) * $3::int + skb100 * $4::int) / 100, 3) AS score FROM c
),
r AS (
  SELECT f.*, CASE WHEN pre IS NULL THEN
    ROW_NUMBER() OVER (PARTITION BY "vacancyId" COLLATE "C", pre IS NULL ORDER BY ${FINAL_ORDER}) END AS rn
  FROM f
)
SELECT $1, "applicationId", "vacancyId", "positionId", "formasiTypeCode", location,
  CASE WHEN pre = 'TL-X' THEN 'TL' WHEN pre IS NOT NULL THEN pre WHEN rn <= vacancies THEN 'L' ELSE 'TL' END,
  rn, CASE WHEN pre IS NULL THEN score END, twk, tiu, tkp, "skdTotal", round(skb100, 3), gpa, "birthDate", session,
  CASE WHEN pre IS NULL AND rn <= vacancies THEN "vacancyId" END
FROM r`,
  }
}

/**
 * Unfilled general vacancies of the period, after what is already assigned in the run. The CTEs
 * are MATERIALIZED: inlined, the planner re-ran the aggregate inside a nested loop (the bench's
 * optimalisasi step took minutes instead of a second).
 */
function openGeneralVacancies(share: StepShare) {
  return `
filled AS MATERIALIZED (
  SELECT "assignedVacancyId" AS vacancy_id, count(*) AS n FROM ${tableOf(share)}
  WHERE "runId" = $1 AND "assignedVacancyId" IS NOT NULL GROUP BY 1
),
gen AS MATERIALIZED (
  SELECT v.id, v."positionId", v.location, p."agencyId", p.name, v.count - COALESCE(f.n, 0) AS open
  FROM "Vacancy" v
  JOIN "Position" p ON p.id = v."positionId" AND p."periodId" = $2 AND p."isActive"
  JOIN "FormasiType" ft ON ft.code = v."formasiTypeCode" AND NOT ft."isSpecial"
  LEFT JOIN filled f ON f.vacancy_id = v.id
  WHERE v."isActive" AND v.count - COALESCE(f.n, 0) > 0 AND ${inShare('p."agencyId"', 6, 7)}
)`
}

/**
 * Optimalisasi step 1 (domain.md §6): an unfilled general vacancy takes the best special-type
 * candidates of the same position and location who did not pass in their own vacancy, were ranked
 * (not eliminated) and meet the GENERAL threshold → L-1.
 */
export function optimalisationSameLocationStatement(runId: string, periodId: string, rules: PeriodRules, share: StepShare = WHOLE): RankingStatement {
  const g = rules.skdThresholds.general
  return {
    name: 'optimalisasi-1',
    params: [runId, periodId, g.twk, g.tiu, g.tkp, share.workers, share.worker],
    sql: `
WITH ${openGeneralVacancies(share)},
donor AS MATERIALIZED (
  SELECT e."applicationId", g.id AS target, g.open,
    ROW_NUMBER() OVER (PARTITION BY g.id COLLATE "C" ORDER BY ${ENTRY_FINAL_ORDER}) AS k
  FROM ${tableOf(share)} e
  JOIN "FormasiType" ft ON ft.code = e."formasiTypeCode" AND ft."isSpecial"
  JOIN gen g ON g."positionId" = e."positionId" AND g.location = e.location
  WHERE e."runId" = $1 AND e.code = 'TL' AND e.rank IS NOT NULL
    AND e.twk >= $3::int AND e.tiu >= $4::int AND e.tkp >= $5::int
)
UPDATE ${tableOf(share)} e SET code = 'L-1', "assignedVacancyId" = d.target
FROM donor d
WHERE e."runId" = $1 AND e."applicationId" = d."applicationId" AND d.k <= d.open`,
  }
}

/**
 * Optimalisasi step 2 (domain.md §6): remaining open seats of general vacancies, numbered per
 * agency + position name in (location, vacancy) order, go to the best remaining candidates of the
 * same position name in the agency (other units or locations) meeting the general threshold → L-2.
 * "Agency groupings limit the pool": the pool never crosses agencies.
 */
export function optimalisationOtherUnitsStatement(runId: string, periodId: string, rules: PeriodRules, share: StepShare = WHOLE): RankingStatement {
  const g = rules.skdThresholds.general
  return {
    name: 'optimalisasi-2',
    params: [runId, periodId, g.twk, g.tiu, g.tkp, share.workers, share.worker],
    sql: `
WITH ${openGeneralVacancies(share)},
seat AS MATERIALIZED (
  SELECT g.id, g."agencyId", g.name, ROW_NUMBER() OVER (PARTITION BY g."agencyId" COLLATE "C", g.name COLLATE "C" ORDER BY g.location, g.id, s) AS k
  FROM gen g CROSS JOIN LATERAL generate_series(1, g.open::int) s
),
donor AS MATERIALIZED (
  SELECT e."applicationId", p."agencyId", p.name,
    ROW_NUMBER() OVER (PARTITION BY p."agencyId" COLLATE "C", p.name COLLATE "C" ORDER BY ${ENTRY_FINAL_ORDER}) AS k
  FROM ${tableOf(share)} e
  JOIN "Position" p ON p.id = e."positionId"
  WHERE e."runId" = $1 AND e.code = 'TL' AND e.rank IS NOT NULL
    AND e.twk >= $3::int AND e.tiu >= $4::int AND e.tkp >= $5::int
    AND EXISTS (SELECT 1 FROM gen g WHERE g."agencyId" = p."agencyId" AND g.name = p.name)
)
UPDATE ${tableOf(share)} e SET code = 'L-2', "assignedVacancyId" = s.id
FROM donor d JOIN seat s ON s."agencyId" = d."agencyId" AND s.name = d.name AND s.k = d.k
WHERE e."runId" = $1 AND e."applicationId" = d."applicationId"`,
  }
}

/**
 * PPPK (domain.md §7): no threshold; priority group (ex-THK-II, non-ASN ≥ 2 years at the same
 * agency, teachers' category, others) before score; tie-break technical, managerial +
 * socio-cultural, interview, older age; the best `count` of each vacancy get L.
 */
export function pppkRankingStatement(runId: string, periodId: string, share: StepShare = WHOLE): RankingStatement {
  return {
    name: 'pppk',
    inserts: true,
    params: [runId, periodId, share.workers, share.worker],
    sql: `
INSERT INTO ${tableOf(share)} ("runId", "applicationId", "vacancyId", "positionId", "formasiTypeCode", location,
  code, rank, score, technical, "managerialSocio", interview, "priorityGroup", "birthDate", session, "assignedVacancyId")
WITH c AS (
  SELECT a.id AS application_id, v.id AS vacancy_id, v."positionId" AS position_id, v."formasiTypeCode" AS formasi,
    v.location, v.count AS vacancies, tr.technical, COALESCE(tr.managerial, 0) + COALESCE(tr."socioCultural", 0) AS ms,
    COALESCE(tr.interview, 0) AS interview,
    COALESCE(tr.technical, 0) + COALESCE(tr.managerial, 0) + COALESCE(tr."socioCultural", 0) + COALESCE(tr.interview, 0) AS total,
    CASE WHEN pp."exThk2" THEN 1
         WHEN pp."nonAsnYears" >= 2 AND pp."nonAsnAgencyId" = p."agencyId" THEN 2
         WHEN pp."teacherPriority" THEN 3 ELSE 4 END AS grp,
    ai."birthDate", to_char(tr."takenAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:00') AS session,
    CASE WHEN tr.attendance = 'DISQUALIFIED' THEN 'DIS'
         WHEN tr.attendance IS DISTINCT FROM 'PRESENT' OR tr.technical IS NULL THEN 'TH' END AS pre
  FROM "Application" a
  JOIN "Vacancy" v ON v.id = a."vacancyId"
  JOIN "Position" p ON p.id = v."positionId"
  LEFT JOIN "TestResult" tr ON tr."applicationId" = a.id AND tr.kind = 'PPPK'
  LEFT JOIN "PppkPriority" pp ON pp."applicationId" = a.id
  LEFT JOIN "ApplicantIdentity" ai ON ai."userId" = a."userId"
  WHERE a."periodId" = $2 AND a.status = 'VERIFIED_MS' AND ${inShare('a."vacancyId"', 3, 4)}
),
r AS (
  SELECT c.*, CASE WHEN pre IS NULL THEN ROW_NUMBER() OVER (PARTITION BY vacancy_id COLLATE "C", pre IS NULL
    ORDER BY grp, total DESC, technical DESC, ms DESC, interview DESC, "birthDate" ASC NULLS LAST, application_id) END AS rn
  FROM c
)
SELECT $1, application_id, vacancy_id, position_id, formasi, location,
  COALESCE(pre, CASE WHEN rn <= vacancies THEN 'L' ELSE 'TL' END), rn, CASE WHEN pre IS NULL THEN total END,
  technical, ms, interview,
  (ARRAY['EX_THK_II', 'NON_ASN_DATABASE', 'TEACHER_PRIORITY', 'GENERAL'])[grp], "birthDate", session,
  CASE WHEN pre IS NULL AND rn <= vacancies THEN vacancy_id END
FROM r`,
  }
}
