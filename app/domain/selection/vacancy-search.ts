import { z } from 'zod'
import { EDUCATION_LEVELS, type PeriodRules } from './rules'

/**
 * The public vacancy search ("Cari Formasi", issue 10): what a query means, how pages are cut, and
 * what the public may see. Plain rules, no database: the model runs them against PostgreSQL.
 */

export const SEARCH_PAGE_SIZE = 20
export const SEARCH_PAGE_SIZE_MAX = 50
/** Deeper than this nobody pages by hand; it also bounds the OFFSET the database has to walk. */
export const SEARCH_MAX_PAGE = 10_000
export const SEARCH_TEXT_MAX = 100
const MAX_WORDS = 6

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: 'search.errors.tooLong' })
    .optional()
    .transform((v) => (v ? v : undefined))

/**
 * The search form (a plain GET form, so it works without JavaScript). Field names are the URL's
 * Indonesian parameter names, so a shared link reads naturally (`/formasi?prodi=Ilmu+Hukum`).
 * Messages are i18n keys.
 */
export const SearchFormSchema = z.object({
  periode: optionalText(40),
  instansi: optionalText(40),
  pendidikan: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(EDUCATION_LEVELS, { message: 'search.errors.educationLevel' }).optional(),
  ),
  prodi: optionalText(SEARCH_TEXT_MAX),
  lokasi: optionalText(SEARCH_TEXT_MAX),
  jenis: optionalText(40),
  q: optionalText(SEARCH_TEXT_MAX),
  halaman: z.coerce
    .number({ message: 'search.errors.page' })
    .int({ message: 'search.errors.page' })
    .min(1, { message: 'search.errors.page' })
    .max(SEARCH_MAX_PAGE, { message: 'search.errors.page' })
    .optional(),
})
export type SearchForm = z.infer<typeof SearchFormSchema>

/** The words of a position-name query: lower-cased, de-duplicated, single letters dropped. */
export function searchWords(q: string | undefined | null): string[] {
  if (!q) return []
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w.length >= 2)
  return [...new Set(words)].slice(0, MAX_WORDS)
}

/** Escapes LIKE's wildcards so that the user's text is matched literally (`50%` is not a pattern). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** How names are compared: case, surrounding and repeated spaces ignored. */
export const foldName = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')
const fold = foldName

/**
 * Which study programmes a typed text means: a programme whose code or name is exactly the text
 * (ignoring case and spacing), otherwise every programme whose name contains it ("hukum" finds
 * "Ilmu Hukum" and "Hukum Ekonomi Syariah"). Returns codes; none when nothing matches.
 */
export function matchStudyProgrammes(input: string, programmes: readonly { code: string; name: string }[]): string[] {
  const text = fold(input)
  if (!text) return []
  const exact = programmes.filter((p) => fold(p.code) === text || fold(p.name) === text)
  if (exact.length) return exact.map((p) => p.code)
  return programmes.filter((p) => fold(p.name).includes(text)).map((p) => p.code)
}

/**
 * When the text is exactly the name of a study programme (at one or more levels), that name
 * folded; null when it matched by code or by part of a name. A search by an exact name can be
 * answered from counts kept per programme name.
 */
export function studyProgrammeNameKey(input: string, programmes: readonly { code: string; name: string }[]): string | null {
  const text = fold(input)
  if (!text || programmes.some((p) => fold(p.code) === text)) return null
  return programmes.some((p) => fold(p.name) === text) ? text : null
}

/** Which locations a typed text means: the exact one, otherwise every location containing it. */
export function matchLocations(input: string, locations: readonly string[]): string[] {
  const text = fold(input)
  if (!text) return []
  const exact = locations.filter((l) => fold(l) === text)
  if (exact.length) return exact
  return locations.filter((l) => fold(l).includes(text))
}

export type PageWindow = { page: number; pageSize: number; pageCount: number; offset: number }

/** Cuts `total` results into pages; a page past the end shows the last one. */
export function pageWindow(total: number, page: number | undefined, pageSize: number | undefined): PageWindow {
  const size = Math.min(Math.max(Math.trunc(pageSize ?? SEARCH_PAGE_SIZE), 1), SEARCH_PAGE_SIZE_MAX)
  const pageCount = Math.max(1, Math.ceil(total / size))
  const current = Math.min(Math.max(Math.trunc(page ?? 1), 1), pageCount)
  return { page: current, pageSize: size, pageCount, offset: (current - 1) * size }
}

export type AgencyBlock = { agencyId: string; count: number }
/** One database read of a page: rows `skip`… of these agencies (in result order), at most `take`. */
export type PageSegment = { agencyIds: string[]; skip: number; take: number }

/** An agency this large is read alone, so its own position-name index gives the order. */
export const LARGE_BLOCK = 200

/**
 * Results are ordered by agency first, so knowing how many results each agency has (in result
 * order) tells exactly which agencies a page touches and where in them it starts. The page is then
 * read agency by agency instead of sorting every match in the country. Small neighbouring agencies
 * are read together in one segment.
 */
export function planPage(blocks: readonly AgencyBlock[], offset: number, limit: number): PageSegment[] {
  const segments: (PageSegment & { small: boolean })[] = []
  let start = 0
  let remaining = limit
  for (const block of blocks) {
    if (remaining <= 0) break
    const end = start + block.count
    if (end > offset && block.count > 0) {
      const skip = Math.max(0, offset - start)
      const take = Math.min(block.count - skip, remaining)
      const small = block.count <= LARGE_BLOCK
      const last = segments.at(-1)
      if (last && last.small && small) {
        last.agencyIds.push(block.agencyId)
        last.take += take
      } else {
        segments.push({ agencyIds: [block.agencyId], skip, take, small })
      }
      remaining -= take
    }
    start = end
  }
  return segments.map(({ agencyIds, skip, take }) => ({ agencyIds, skip, take }))
}

export type NameBlock = { name: string; count: number }

/** Past this many rows into one agency, a page seeks to its position name instead of counting rows off. */
export const DEEP_SKIP = 200

/**
 * Inside one large agency results are ordered by position name first, so knowing how many
 * results each name has tells where a deep page starts: the first name to read from, and how many
 * rows of that name to skip. The database then starts at that name in its index instead of
 * walking (and discarding) every earlier row. Names are in result order.
 */
export function seekByName(blocks: readonly NameBlock[], skip: number): { fromName: string; skip: number } | null {
  let start = 0
  for (const block of blocks) {
    if (start + block.count > skip) return { fromName: block.name, skip: skip - start }
    start += block.count
  }
  return null
}

/**
 * Competitiveness (how many applied) is public only once registration has opened: before that
 * the numbers would be zero or, for a re-run period, misleading.
 */
export function competitivenessVisible(registrationOpensAt: Date | null | undefined, now: Date): boolean {
  return Boolean(registrationOpensAt && registrationOpensAt.getTime() <= now.getTime())
}

/** Applicants per vacancy, rounded: "1 : 42". Null when there is no vacancy to compete for. */
export function competitionRatio(applicants: number, vacancies: number): number | null {
  if (vacancies <= 0) return null
  return Math.round(applicants / vacancies)
}

export type AgeLimits = { min: number | null; max: number | null; source: 'position' | 'rules' }

/** A position's own age limits override the period's rules for its selection kind (CPNS/PPPK). */
export function effectiveAgeLimits(
  position: { minAge: number | null; maxAge: number | null },
  rules: PeriodRules,
  kind: 'CPNS' | 'PPPK',
): AgeLimits {
  if (position.minAge !== null || position.maxAge !== null) {
    const fallback = rules.ageLimits[kind]
    return { min: position.minAge ?? fallback.min, max: position.maxAge ?? fallback.max, source: 'position' }
  }
  return { ...rules.ageLimits[kind], source: 'rules' }
}
