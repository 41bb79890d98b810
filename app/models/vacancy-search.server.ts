import { parseWithZod } from '@conform-to/zod/v4'
import { Prisma } from '~/generated/prisma/client'
import { prisma } from '~/utils/db.server'
import { EDUCATION_LEVELS, PeriodRulesSchema, RULES_2024, type PeriodRules } from '~/domain/selection/rules'
import {
  SearchFormSchema,
  competitionRatio,
  competitivenessVisible,
  effectiveAgeLimits,
  escapeLike,
  matchLocations,
  matchStudyProgrammes,
  pageWindow,
  planPage,
  searchWords,
  seekByName,
  studyProgrammeNameKey,
  DEEP_SKIP,
  type AgencyBlock,
  type NameBlock,
  type PageSegment,
} from '~/domain/selection/vacancy-search'

/**
 * The public vacancy search ("Cari Formasi") over the published formation: Position (active) ×
 * Vacancy (active) of a period that is public. Set-based SQL only; at national scale (250,000
 * positions) the expensive part of a search is counting its matches, so those counts, grouped
 * by agency, are kept for a minute per query and let a page be read agency by agency
 * (`planPage`) instead of sorting every match in the country. See the indexes in
 * prisma/migrations/20261124020000_search_indexes.
 */

/**
 * Parses the search form (its query string) with its zod schema. Here, in a server-only module,
 * so that the public pages' browser bundle carries neither zod nor conform: a route importing
 * them for its loader alone would still ship them (they are kept for their module side effects),
 * about 90 KB gzipped on a phone's slow link.
 */
export function parseSearchForm(searchParams: URLSearchParams) {
  return parseWithZod(searchParams, { schema: SearchFormSchema })
}

const TTL_MS = 60_000
/** Older than this, a value is not served even once while it is refreshed. */
const MAX_STALE_MS = 5 * TTL_MS
/** After a failed background load or refresh, how long before it is tried again. */
const RETRY_AFTER_MS = 10_000

/**
 * A small in-process cache: values are fresh for a minute; a value up to five minutes old is
 * served once more while one refresh runs (so a popular query's count never makes a visitor
 * wait for its recount); concurrent callers share one load; beyond `max` entries the least
 * recently used go.
 */
function createCache<T>(max: number) {
  type Entry = { value: Promise<T>; at: number; refreshing: boolean; result?: { value: T }; failedAt?: number }
  const entries = new Map<string, Entry>()
  /** When a load last failed, per key: a background load is not retried for a few seconds. */
  const failures = new Map<string, number>()
  const remember = (key: string, entry: Entry) => {
    entries.delete(key)
    entries.set(key, entry)
    if (entries.size > max) entries.delete(entries.keys().next().value!)
  }
  const get = (key: string, load: () => Promise<T>): Entry => {
    const now = Date.now()
    const hit = entries.get(key)
    if (hit && (now - hit.at < TTL_MS || hit.refreshing)) {
      remember(key, hit)
      return hit
    }
    if (hit && now - hit.at < MAX_STALE_MS) {
      // A refresh that just failed is not retried at once: the stale value serves a little longer.
      if (hit.failedAt !== undefined && now - hit.failedAt < RETRY_AFTER_MS) return hit
      hit.refreshing = true
      load().then(
        (value) => remember(key, { value: Promise.resolve(value), at: Date.now(), refreshing: false, result: { value } }),
        () => {
          hit.refreshing = false
          hit.failedAt = Date.now()
        },
      )
      return hit
    }
    const entry: Entry = { value: load(), at: now, refreshing: false }
    remember(key, entry)
    entry.value.then(
      (value) => {
        entry.result = { value }
      },
      () => {
        // Forgotten, so the next caller tries again; `peek` waits a little first (see below).
        entry.failedAt = Date.now()
        if (entries.get(key) === entry) entries.delete(key)
        failures.set(key, entry.failedAt)
      },
    )
    return entry
  }
  return {
    get: (key: string, load: () => Promise<T>): Promise<T> => get(key, load).value,
    /** The value if one is already loaded (starting a load or refresh otherwise, without waiting). */
    peek: (key: string, load: () => Promise<T>): T | undefined => {
      const failedAt = failures.get(key)
      if (failedAt !== undefined && Date.now() - failedAt < RETRY_AFTER_MS && !entries.has(key)) return undefined
      failures.delete(key)
      return get(key, load).result?.value
    },
    clear() {
      entries.clear()
      failures.clear()
    },
  }
}

const periodCache = createCache<PublicPeriod[]>(1)
const facetCache = createCache<SearchFacets>(50)
const blockCache = createCache<AgencyBlock[]>(500)
const nameBlockCache = createCache<NameBlock[]>(200)
const programmeTableCache = createCache<Map<string, AgencyBlock[]>>(10)

/** Forgets every cached period, facet and count (tests; an admin action could call it too). */
export function clearSearchCache() {
  periodCache.clear()
  facetCache.clear()
  blockCache.clear()
  nameBlockCache.clear()
  programmeTableCache.clear()
}

/**
 * Loads what the busiest searches need before the first visitor asks (e.g. at start-up): the
 * period's form choices and its per-programme counts. Resolves when they are in memory.
 */
export async function warmSearchCache(periodCode?: string) {
  const period = await resolveSearchPeriod(periodCode)
  if (!period) return
  await Promise.all([searchFacets(period.id), programmeTableCache.get(period.id, () => countByProgrammeName(period.id))])
}

export type PublicPeriod = {
  id: string
  code: string
  name: string
  kind: 'CPNS' | 'PPPK'
  year: number
  registrationOpensAt: Date | null
  registrationClosesAt: Date | null
}

/**
 * Periods whose formation the public may search: published (or closed) ones, and the demo
 * period, that have at least one active position; newest first.
 */
export function listSearchPeriods(): Promise<PublicPeriod[]> {
  return periodCache.get('periods', async () => {
    const rows = await prisma.selectionPeriod.findMany({
      where: { OR: [{ status: { not: 'DRAFT' } }, { isDemo: true }], positions: { some: { isActive: true } } },
      orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
      select: {
        id: true,
        code: true,
        name: true,
        kind: true,
        year: true,
        windows: { where: { kind: 'REGISTRATION' }, select: { opensAt: true, closesAt: true } },
      },
    })
    return rows.map((p) => ({
      id: p.id,
      code: p.code,
      name: p.name,
      kind: p.kind,
      year: p.year,
      registrationOpensAt: p.windows[0]?.opensAt ?? null,
      registrationClosesAt: p.windows[0]?.closesAt ?? null,
    }))
  })
}

/** The period a search runs in: the one named, else the newest with published positions. */
export async function resolveSearchPeriod(code?: string | null): Promise<PublicPeriod | null> {
  const periods = await listSearchPeriods()
  if (code) return periods.find((p) => p.code === code) ?? null
  return periods[0] ?? null
}

export type SearchFacets = {
  agencies: { id: string; code: string; name: string }[]
  formasiTypes: { code: string; name: string }[]
  educationLevels: string[]
  locations: string[]
  studyProgrammes: { code: string; name: string; level: string }[]
}

/** What the search form offers for a period (its select boxes and suggestions); cached 60 s. */
export function searchFacets(periodId: string): Promise<SearchFacets> {
  return facetCache.get(periodId, async () => {
    const [agencies, formasiTypes, levels, locations, studyProgrammes] = await Promise.all([
      prisma.$queryRaw<SearchFacets['agencies']>`
        SELECT a.id, a.code, a.name FROM "Agency" a
         WHERE EXISTS (SELECT 1 FROM "Position" p WHERE p."agencyId" = a.id AND p."periodId" = ${periodId} AND p."isActive")
         ORDER BY a.name, a.id`,
      prisma.$queryRaw<SearchFacets['formasiTypes']>`
        SELECT ft.code, ft.name FROM "FormasiType" ft
         WHERE EXISTS (SELECT 1 FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId"
                        WHERE v."formasiTypeCode" = ft.code AND v."isActive" AND p."periodId" = ${periodId} AND p."isActive")
         ORDER BY ft."sortOrder", ft.code`,
      prisma.$queryRaw<{ level: string }[]>`
        SELECT l AS level FROM unnest(${[...EDUCATION_LEVELS]}::text[]) WITH ORDINALITY AS t(l, i)
         WHERE EXISTS (SELECT 1 FROM "Position" p WHERE p."periodId" = ${periodId} AND p."isActive" AND p."educationLevels" @> ARRAY[l])
         ORDER BY i`,
      counting<{ location: string }[]>(Prisma.sql`
        SELECT DISTINCT v.location FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId"
         WHERE p."periodId" = ${periodId} AND p."isActive" AND v."isActive"
         ORDER BY v.location`),
      prisma.$queryRaw<SearchFacets['studyProgrammes']>`
        SELECT sp.code, sp.name, sp.level FROM "StudyProgram" sp
         WHERE EXISTS (SELECT 1 FROM "PositionStudyProgram" s JOIN "Position" p ON p.id = s."positionId"
                        WHERE s."studyProgramCode" = sp.code AND p."periodId" = ${periodId} AND p."isActive")
         ORDER BY sp.name, sp.level, sp.code`,
    ])
    return {
      agencies,
      formasiTypes,
      educationLevels: levels.map((l) => l.level),
      locations: locations.map((l) => l.location),
      studyProgrammes,
    }
  })
}

export type SearchParams = {
  periodCode?: string | null
  agencyCode?: string | null
  educationLevel?: string | null
  /** A study programme code or (part of) its name. */
  studyProgram?: string | null
  /** A location or part of its name. */
  location?: string | null
  formasiType?: string | null
  /** Words of the position name. */
  q?: string | null
  page?: number
  pageSize?: number
  now?: Date
}

export type SearchResult = {
  vacancyId: string
  positionId: string
  positionCode: string
  positionName: string
  unit: string
  agencyCode: string
  agencyName: string
  location: string
  formasiTypeCode: string
  formasiTypeName: string
  educationLevels: string[]
  /** Number of vacancies (formasi) for this position × location × formasi type. */
  vacancies: number
  /** Finalised applications; null while registration has not opened (not public yet). */
  applicantCount: number | null
  /** Applicants per vacancy, rounded; null when not public or no vacancy. */
  applicantsPerVacancy: number | null
}

export type SearchOutcome = {
  period: PublicPeriod | null
  total: number
  page: number
  pageSize: number
  pageCount: number
  competitivenessVisible: boolean
  results: SearchResult[]
}

type ResolvedFilters = {
  /** Set when the study programme was given by its exact name (see `studyProgrammeNameKey`). */
  studyProgramName?: string
  agencyId?: string
  educationLevel?: string
  studyProgramCodes?: string[]
  locations?: string[]
  formasiType?: string
  words: string[]
}

/**
 * Searches the published formation of a period. One result per vacancy (position × location ×
 * formasi type), ordered by agency name, position name, location and formasi type.
 */
export async function searchVacancies(params: SearchParams): Promise<SearchOutcome> {
  const now = params.now ?? new Date()
  const period = await resolveSearchPeriod(params.periodCode)
  const empty = (p: PublicPeriod | null): SearchOutcome => ({
    period: p,
    total: 0,
    ...pageWindow(0, 1, params.pageSize),
    competitivenessVisible: competitivenessVisible(p?.registrationOpensAt, now),
    results: [],
  })
  if (!period) return empty(null)

  const filters = await resolveFilters(period.id, params)
  if (!filters) return empty(period)
  const where = whereClause(period.id, filters)
  const key = JSON.stringify([period.id, filters])
  const blocks = programmeOnlyBlocks(period.id, filters) ?? (await blockCache.get(key, () => countByAgency(where)))
  const total = blocks.reduce((sum, b) => sum + b.count, 0)
  const window = pageWindow(total, params.page, params.pageSize)
  const segments = planPage(blocks, window.offset, window.pageSize)
  const pages = await Promise.all(segments.map((s) => readSegment(where, key, s)))
  const visible = competitivenessVisible(period.registrationOpensAt, now)
  return {
    period,
    total,
    page: window.page,
    pageSize: window.pageSize,
    pageCount: window.pageCount,
    competitivenessVisible: visible,
    results: pages.flat().map((r) => ({
      ...r,
      applicantCount: visible ? r.applicantCount : null,
      applicantsPerVacancy: visible ? competitionRatio(r.applicantCount, r.vacancies) : null,
    })),
  }
}

/**
 * A search by a study programme's exact name and nothing else (the commonest: "what can I apply
 * for with my degree?") is answered from counts kept for every programme of the period at once
 * (one pass a minute instead of one count per programme). Undefined when that does not apply or
 * the counts are not loaded yet (they start loading; this search counts for itself).
 */
function programmeOnlyBlocks(periodId: string, f: ResolvedFilters): AgencyBlock[] | undefined {
  if (!f.studyProgramName || f.agencyId || f.educationLevel || f.locations || f.formasiType || f.words.length) return undefined
  return programmeTableCache.peek(periodId, () => countByProgrammeName(periodId))?.get(f.studyProgramName)
}

/** Turns the visitor's text into exact values; null when a filter can match nothing. */
async function resolveFilters(periodId: string, params: SearchParams): Promise<ResolvedFilters | null> {
  const filters: ResolvedFilters = { words: searchWords(params.q) }
  const needsFacets = params.agencyCode || params.studyProgram || params.location || params.formasiType
  const facets = needsFacets ? await searchFacets(periodId) : null
  if (params.agencyCode) {
    const agency = facets!.agencies.find((a) => a.code === params.agencyCode)
    if (!agency) return null
    filters.agencyId = agency.id
  }
  if (params.educationLevel) {
    if (!(EDUCATION_LEVELS as readonly string[]).includes(params.educationLevel)) return null
    filters.educationLevel = params.educationLevel
  }
  if (params.studyProgram?.trim()) {
    const codes = matchStudyProgrammes(params.studyProgram, facets!.studyProgrammes)
    if (!codes.length) return null
    filters.studyProgramCodes = codes
    filters.studyProgramName = studyProgrammeNameKey(params.studyProgram, facets!.studyProgrammes) ?? undefined
  }
  if (params.location?.trim()) {
    const locations = matchLocations(params.location, facets!.locations)
    if (!locations.length) return null
    filters.locations = locations
  }
  if (params.formasiType) {
    if (!facets!.formasiTypes.some((t) => t.code === params.formasiType)) return null
    filters.formasiType = params.formasiType
  }
  return filters
}

/** Every user value is a bound parameter; only fixed SQL text is joined. */
function whereClause(periodId: string, f: ResolvedFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`p."periodId" = ${periodId}`, Prisma.sql`p."isActive"`, Prisma.sql`v."isActive"`]
  if (f.agencyId) conditions.push(Prisma.sql`p."agencyId" = ${f.agencyId}`)
  if (f.educationLevel) conditions.push(Prisma.sql`p."educationLevels" @> ARRAY[${f.educationLevel}]::text[]`)
  if (f.studyProgramCodes) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "PositionStudyProgram" s
      WHERE s."positionId" = p.id AND s."studyProgramCode" = ANY(${f.studyProgramCodes}::text[]))`)
  }
  if (f.locations) {
    conditions.push(f.locations.length === 1 ? Prisma.sql`v.location = ${f.locations[0]}` : Prisma.sql`v.location = ANY(${f.locations}::text[])`)
  }
  if (f.formasiType) conditions.push(Prisma.sql`v."formasiTypeCode" = ${f.formasiType}`)
  for (const word of f.words) conditions.push(Prisma.sql`lower(p.name) LIKE ${`%${escapeLike(word)}%`}`)
  return Prisma.join(conditions, ' AND ')
}

/**
 * Runs one counting statement with settings for a scan over many rows, for this transaction only:
 * no parallel workers (under a crowd of visitors they only multiply the CPU a query burns), room
 * to hash in memory, and index reads priced as memory reads (the search's indexes are a few
 * hundred MB and stay cached; at the default price the planner scans whole tables instead, which
 * measured 40 % slower on the bench data).
 */
async function counting<T>(query: Prisma.Sql): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '32MB', true),
                                  set_config('random_page_cost', '1.1', true)`
      return tx.$queryRaw<T>(query)
    },
    // A period-wide count takes seconds on a busy machine: Prisma's 5 s default would abort it
    // (and a retried count only adds to the load).
    { timeout: 60_000, maxWait: 30_000 },
  )
}

/** How many results each agency has, in result order (agency name, then id). */
async function countByAgency(where: Prisma.Sql): Promise<AgencyBlock[]> {
  // Grouped by agency first, named after: ordering 550 groups by name, not 300,000 rows.
  return counting<AgencyBlock[]>(Prisma.sql`
    SELECT b."agencyId", b.count
      FROM (SELECT p."agencyId", count(*)::int AS count
              FROM "Vacancy" v
              JOIN "Position" p ON p.id = v."positionId"
             WHERE ${where}
             GROUP BY p."agencyId") b
      JOIN "Agency" a ON a.id = b."agencyId"
     ORDER BY a.name, b."agencyId"`)
}

async function readSegment(where: Prisma.Sql, key: string, segment: PageSegment) {
  // Within one agency the position-name index already gives the order (and the early stop); deep
  // into a large one, start at the right name (`seekByName`) rather than skip thousands of rows.
  const single = segment.agencyIds.length === 1
  let skip = segment.skip
  let nameCondition = Prisma.empty
  if (single && skip > DEEP_SKIP) {
    const agencyId = segment.agencyIds[0]!
    const names = await nameBlockCache.get(`${key}|${agencyId}`, () => countByName(where, agencyId))
    const seek = seekByName(names, skip)
    if (seek) {
      skip = seek.skip
      nameCondition = Prisma.sql`AND p.name >= ${seek.fromName}`
    }
  }
  const agencyCondition = single
    ? Prisma.sql`p."agencyId" = ${segment.agencyIds[0]}`
    : Prisma.sql`p."agencyId" = ANY(${segment.agencyIds}::text[])`
  const order = single
    ? Prisma.sql`p.name, v.location, ft."sortOrder", ft.code, v.id`
    : Prisma.sql`a.name, a.id, p.name, v.location, ft."sortOrder", ft.code, v.id`
  return prisma.$queryRaw<(Omit<SearchResult, 'applicantCount' | 'applicantsPerVacancy'> & { applicantCount: number })[]>`
    SELECT v.id AS "vacancyId", p.id AS "positionId", p.code AS "positionCode", p.name AS "positionName", p.unit,
           p."educationLevels", a.code AS "agencyCode", a.name AS "agencyName", v.location,
           ft.code AS "formasiTypeCode", ft.name AS "formasiTypeName", v.count AS vacancies, v."applicantCount"
      FROM "Position" p
      JOIN "Vacancy" v ON v."positionId" = p.id
      JOIN "Agency" a ON a.id = p."agencyId"
      JOIN "FormasiType" ft ON ft.code = v."formasiTypeCode"
     WHERE ${where} AND ${agencyCondition} ${nameCondition}
     ORDER BY ${order}
     LIMIT ${segment.take} OFFSET ${skip}`
}

/**
 * For every study programme name of the period: how many results each agency has, in result
 * order. A position asking for two programmes of the same name (D3 and S1 Akuntansi) counts once.
 * Names are folded as `foldName` folds them.
 */
async function countByProgrammeName(periodId: string): Promise<Map<string, AgencyBlock[]>> {
  // One row per programme name with its blocks as JSON: ~120 rows to read instead of ~60,000.
  const rows = await counting<{ name: string; blocks: [string, number][] }[]>(Prisma.sql`
    SELECT c.name, json_agg(json_build_array(c."agencyId", c.count) ORDER BY a.name, c."agencyId") AS blocks
      FROM (SELECT x.name, x."agencyId", count(*)::int AS count
              FROM (SELECT DISTINCT lower(regexp_replace(btrim(sp.name), '[[:space:]]+', ' ', 'g')) AS name, p."agencyId", p.id
                      FROM "PositionStudyProgram" s
                      JOIN "StudyProgram" sp ON sp.code = s."studyProgramCode"
                      JOIN "Position" p ON p.id = s."positionId"
                     WHERE p."periodId" = ${periodId} AND p."isActive") x
              JOIN "Vacancy" v ON v."positionId" = x.id AND v."isActive"
             GROUP BY x.name, x."agencyId") c
      JOIN "Agency" a ON a.id = c."agencyId"
     GROUP BY c.name`)
  return new Map(rows.map((r) => [r.name, r.blocks.map(([agencyId, count]) => ({ agencyId, count }))]))
}

/** How many results each position name of one agency has, in result order. */
async function countByName(where: Prisma.Sql, agencyId: string): Promise<NameBlock[]> {
  return counting<NameBlock[]>(Prisma.sql`
    SELECT p.name, count(*)::int AS count
      FROM "Vacancy" v
      JOIN "Position" p ON p.id = v."positionId"
     WHERE ${where} AND p."agencyId" = ${agencyId}
     GROUP BY p.name
     ORDER BY p.name`)
}

export type PositionDetail = NonNullable<Awaited<ReturnType<typeof getPositionDetail>>>

type PositionRow = {
  id: string
  code: string
  name: string
  unit: string
  educationLevels: string[]
  minGpa: number | null
  minAge: number | null
  maxAge: number | null
  catWeight: number
  agencyCode: string
  agencyName: string
  agencyKind: 'CENTRAL' | 'REGIONAL'
  periodCode: string
  periodName: string
  periodKind: 'CPNS' | 'PPPK'
  periodYear: number
  ageCutoffDate: Date | null
  opensAt: Date | null
  closesAt: Date | null
  rules: Prisma.JsonValue | null
  vacancies: { id: string; location: string; count: number; applicantCount: number; formasiTypeCode: string; formasiTypeName: string }[]
  studyProgrammes: { code: string; name: string; level: string }[]
  documents: { code: string; label: string; format: 'JPG' | 'PDF'; maxKb: number; required: boolean }[]
  skbTests: { type: string; weight: number; eliminating: boolean; criterion: string | null }[]
}

/**
 * Everything the public position page shows: requirements (education, study programmes, GPA, age
 * limits from the position or else the period's rules), vacancies per location × formasi type
 * (with applicants once registration has opened), documents with their limits, additional SKB
 * tests with weights, and the weights of the final score. Null for an unknown or withdrawn
 * position, or one of a period that is not public. One statement (this page is as busy as the
 * search itself).
 */
export async function getPositionDetail(positionId: string, now: Date = new Date()) {
  const [position] = await prisma.$queryRaw<PositionRow[]>`
    SELECT p.id, p.code, p.name, p.unit, p."educationLevels", p."minGpa"::float8 AS "minGpa", p."minAge", p."maxAge", p."catWeight",
           a.code AS "agencyCode", a.name AS "agencyName", a.kind::text AS "agencyKind",
           sp.code AS "periodCode", sp.name AS "periodName", sp.kind::text AS "periodKind", sp.year AS "periodYear",
           sp."ageCutoffDate", w."opensAt", w."closesAt",
           (SELECT r.rules FROM "RuleVersion" r WHERE r."periodId" = sp.id ORDER BY r.version DESC LIMIT 1) AS rules,
           (SELECT coalesce(json_agg(json_build_object('id', v.id, 'location', v.location, 'count', v.count,
                     'applicantCount', v."applicantCount", 'formasiTypeCode', ft.code, 'formasiTypeName', ft.name)
                     ORDER BY v.location, ft."sortOrder", ft.code), '[]')
              FROM "Vacancy" v JOIN "FormasiType" ft ON ft.code = v."formasiTypeCode"
             WHERE v."positionId" = p.id AND v."isActive") AS vacancies,
           (SELECT coalesce(json_agg(json_build_object('code', s.code, 'name', s.name, 'level', s.level)
                     ORDER BY array_position(${[...EDUCATION_LEVELS]}::text[], s.level), s.name, s.code), '[]')
              FROM "PositionStudyProgram" ps JOIN "StudyProgram" s ON s.code = ps."studyProgramCode"
             WHERE ps."positionId" = p.id) AS "studyProgrammes",
           (SELECT coalesce(json_agg(json_build_object('code', d.code, 'label', d.label, 'format', d.format, 'maxKb', d."maxKb",
                     'required', d.required) ORDER BY d."sortOrder", d.code), '[]')
              FROM "PositionDocument" d WHERE d."positionId" = p.id) AS documents,
           (SELECT coalesce(json_agg(json_build_object('type', t.type, 'weight', t.weight, 'eliminating', t.eliminating,
                     'criterion', t.criterion) ORDER BY t.weight DESC, t.type), '[]')
              FROM "PositionSkbTest" t WHERE t."positionId" = p.id) AS "skbTests"
      FROM "Position" p
      JOIN "Agency" a ON a.id = p."agencyId"
      JOIN "SelectionPeriod" sp ON sp.id = p."periodId"
      LEFT JOIN "ScheduleWindow" w ON w."periodId" = sp.id AND w.kind = 'REGISTRATION'
     WHERE p.id = ${positionId} AND p."isActive" AND (sp.status <> 'DRAFT' OR sp."isDemo")`
  if (!position) return null
  const rules = periodRules(position.rules)
  const visible = competitivenessVisible(position.opensAt, now)
  return {
    id: position.id,
    code: position.code,
    name: position.name,
    unit: position.unit,
    agency: { code: position.agencyCode, name: position.agencyName, kind: position.agencyKind },
    period: {
      code: position.periodCode,
      name: position.periodName,
      kind: position.periodKind,
      year: position.periodYear,
      ageCutoffDate: position.ageCutoffDate,
    },
    registration: position.opensAt && position.closesAt ? { opensAt: position.opensAt, closesAt: position.closesAt } : null,
    competitivenessVisible: visible,
    educationLevels: position.educationLevels,
    studyProgrammes: position.studyProgrammes,
    minGpa: position.minGpa,
    ageLimits: effectiveAgeLimits(position, rules, position.periodKind),
    vacancies: position.vacancies.map((v) => ({
      ...v,
      applicantCount: visible ? v.applicantCount : null,
      applicantsPerVacancy: visible ? competitionRatio(v.applicantCount, v.count) : null,
    })),
    documents: position.documents,
    catWeight: position.catWeight,
    skbTests: position.skbTests,
    integrationWeights: rules.integrationWeights,
  }
}

/** The period's newest rules; the 2024 rules (domain.md) when it has none or they do not parse. */
function periodRules(raw: Prisma.JsonValue | null): PeriodRules {
  if (raw === null) return RULES_2024
  const parsed = PeriodRulesSchema.safeParse(raw)
  return parsed.success ? parsed.data : RULES_2024
}
