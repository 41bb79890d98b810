import { subtestScoring, type SubtestCode } from './items'

/**
 * Test blueprints as data (issue 6): which subtests, how many items of which difficulty, how they
 * are scored and for how long. Pass thresholds are NOT here: they change yearly and live in the
 * period's rules (`PeriodRules.skdThresholds`, app/domain/selection/rules.ts).
 */

/** MAGANG: an internship opening's short online test (issue 9; ADR 019 addendum) — no TestResult row. */
export type TestKindCode = 'SKD' | 'SKB_CAT' | 'PPPK' | 'MAGANG'
export type Difficulty = 1 | 2 | 3
export type DifficultyMix = Record<Difficulty, number>

export type BlueprintSubtest = {
  code: SubtestCode
  itemCount: number
  scoring: 'single' | 'weighted'
  maxPerItem: number
  /** Items per difficulty (1 easy … 3 hard); sums to itemCount. Everyone gets the same mix. */
  difficultyMix: DifficultyMix
}

export type Blueprint = {
  code: string
  testKind: TestKindCode
  name: string
  durationMinutes: number
  subtests: BlueprintSubtest[]
  maxTotal: number
}

/**
 * The difficulty mix we ship: 30 % easy, 40 % medium, 30 % hard (easy and hard rounded down, medium takes the rest).
 * domain.md §3 only says "difficulty is equalised" (2018); the split itself is our choice (ADR 013).
 */
export function standardMix(itemCount: number): DifficultyMix {
  const easy = Math.floor(itemCount * 0.3)
  const hard = Math.floor(itemCount * 0.3)
  return { 1: easy, 2: itemCount - easy - hard, 3: hard }
}

function subtest(code: SubtestCode, itemCount: number): BlueprintSubtest {
  const rule = subtestScoring(code)
  return {
    code,
    itemCount,
    scoring: rule.type,
    maxPerItem: rule.type === 'single' ? rule.correctScore : rule.max,
    difficultyMix: standardMix(itemCount),
  }
}

function blueprint(b: Omit<Blueprint, 'maxTotal'>): Blueprint {
  return { ...b, maxTotal: b.subtests.reduce((sum, s) => sum + s.itemCount * s.maxPerItem, 0) }
}

/** The SKB field the demo bank ships (Pranata Komputer, a functional position many agencies use). */
export const DEMO_SKB_FIELD = 'SKB_PRANATA_KOMPUTER' as const

/**
 * SKB CAT for one field (domain.md §5: "90 min; 100 items per a 2020 source … Maximum raw score is
 * treated as 500"). Each functional position has its own bank, hence one blueprint per field.
 */
export function skbCatBlueprint(field: `SKB_${string}`, code = 'SKB_CAT_2024'): Blueprint {
  return blueprint({
    code,
    testKind: 'SKB_CAT',
    name: `SKB CAT 2024 (${field.slice(4).replaceAll('_', ' ')})`,
    durationMinutes: 90,
    subtests: [subtest(field, 100)],
  })
}

/** The subtests and item counts of an internship short test, in the order the student sees them. */
export type ShortTestPart = { code: SubtestCode; count: number }

const INTERNSHIP_PREFIX = 'MAGANG:'

/**
 * The blueprint code of an internship short test: `MAGANG:TIU=20,TWK=10`. Self-describing like
 * `SKB_CAT_2024:SKB_<FIELD>`, so the engine (draw, item caps in scoring, result page) resolves it
 * with `getBlueprint` and needs no table of agency-made blueprints.
 */
export function internshipBlueprintCode(parts: readonly ShortTestPart[]): string {
  return INTERNSHIP_PREFIX + parts.map((p) => `${p.code}=${p.count}`).join(',')
}

/** The internship short test's blueprint; the duration the agency chose lives on the session. */
export function internshipBlueprint(parts: readonly ShortTestPart[], durationMinutes = 30): Blueprint {
  return blueprint({
    code: internshipBlueprintCode(parts),
    testKind: 'MAGANG',
    name: `Tes singkat magang (${parts.map((p) => `${p.code} ${p.count}`).join(', ')})`,
    durationMinutes,
    subtests: parts.map((p) => subtest(p.code, p.count)),
  })
}

/** The parts of a `MAGANG:` code, or null when `code` is not one (or is malformed). */
export function internshipParts(code: string): ShortTestPart[] | null {
  if (!code.startsWith(INTERNSHIP_PREFIX)) return null
  const parts: ShortTestPart[] = []
  for (const piece of code.slice(INTERNSHIP_PREFIX.length).split(',')) {
    const m = /^([A-Z][A-Z0-9_]*)=([1-9][0-9]*)$/.exec(piece)
    if (!m) return null
    parts.push({ code: m[1] as SubtestCode, count: Number(m[2]) })
  }
  return parts.length > 0 ? parts : null
}

/**
 * The demo default an agency starts from (issue 9): general aptitude and civic knowledge, the two
 * SKD subtests with a right answer, 30 items in 30 minutes (MSIB-style screening quizzes are short).
 */
export const INTERNSHIP_DEFAULT_PARTS: readonly ShortTestPart[] = [
  { code: 'TIU', count: 20 },
  { code: 'TWK', count: 10 },
]

export const BLUEPRINTS = {
  /** domain.md §3: TWK 30 / TIU 35 / TKP 45, 100 minutes, maximum 150 + 175 + 225 = 550. */
  SKD_2024: blueprint({
    code: 'SKD_2024',
    testKind: 'SKD',
    name: 'SKD CPNS 2024',
    durationMinutes: 100,
    subtests: [subtest('TWK', 30), subtest('TIU', 35), subtest('TKP', 45)],
  }),
  /**
   * domain.md §7: technical 90 (5/0), managerial 25 and socio-cultural 20 (1–4), interview 10
   * (1–4); "120 min for the competency test plus 10 min interview" = 130; maximum 670.
   */
  PPPK_2024: blueprint({
    code: 'PPPK_2024',
    testKind: 'PPPK',
    name: 'Seleksi Kompetensi PPPK 2024',
    durationMinutes: 130,
    subtests: [subtest('TEKNIS', 90), subtest('MANAJERIAL', 25), subtest('SOSIOKULTURAL', 20), subtest('WAWANCARA', 10)],
  }),
  SKB_CAT_2024: skbCatBlueprint(DEMO_SKB_FIELD),
  /** The internship short test's demo default (ADR 019 addendum); listed so bank coverage checks it. */
  MAGANG_2026: { ...internshipBlueprint(INTERNSHIP_DEFAULT_PARTS, 30), code: 'MAGANG_2026' },
} satisfies Record<string, Blueprint>

export type BlueprintCode = keyof typeof BLUEPRINTS

/** A shipped blueprint by code, or `SKB_CAT_2024:SKB_<FIELD>` for another SKB field's bank. */
export function getBlueprint(code: string): Blueprint {
  if (code in BLUEPRINTS) return BLUEPRINTS[code as BlueprintCode]
  const internship = internshipParts(code)
  if (internship) return internshipBlueprint(internship)
  const skb = /^SKB_CAT_2024:(SKB_[A-Z0-9_]+)$/.exec(code)
  if (skb) return skbCatBlueprint(skb[1] as `SKB_${string}`, code)
  throw new Error(`Unknown blueprint ${code}`)
}

/** How many items a blueprint needs per subtest and difficulty (the bank must hold at least these). */
export function requiredItems(b: Blueprint): { subtest: SubtestCode; difficulty: Difficulty; count: number }[] {
  return b.subtests.flatMap((s) =>
    ([1, 2, 3] as const).map((difficulty) => ({ subtest: s.code, difficulty, count: s.difficultyMix[difficulty] })),
  )
}
