import { standardMix, type Difficulty, type ShortTestPart } from '~/domain/exam/blueprints'
import { isSubtestCode, type SubtestCode } from '~/domain/exam/items'

/**
 * The internship short test (issue 9: "the agency shortlists, may add a short test (reusing the
 * CBT engine)"; ADR 019 addendum). An agency picks subtests and item counts from the question bank,
 * a duration and a window; shortlisted students take it online on the CAT exam page. These are the
 * rules of the configuration and of the window; drawing, timing and scoring are the exam engine's.
 */

/** A short test, not an SKD: MSIB-style screening quizzes are 20–60 questions. */
export const SHORT_TEST_MAX_ITEMS = 60
/** Fewer than 5 items of a subtest cannot hold the difficulty mix (30/40/30 %) with one of each. */
export const SHORT_TEST_MIN_ITEMS_PER_PART = 5
export const SHORT_TEST_MIN_MINUTES = 15
export const SHORT_TEST_MAX_MINUTES = 90
/** Long enough for students in three time zones and lectures; short enough to stay a screening. */
export const SHORT_TEST_MAX_WINDOW_DAYS = 14

export type ShortTestConfig = {
  parts: ShortTestPart[]
  durationMinutes: number
  opensAt: Date
  closesAt: Date
}

/** Active items per subtest and difficulty, as the bank holds them now. */
export type BankInventory = Partial<Record<string, Partial<Record<Difficulty, number>>>>

export type ShortTestProblem =
  | { field: 'parts'; error: 'none' | 'tooMany' | 'partSize' | 'unknownSubtest' | 'duplicate'; subtest?: string }
  | { field: 'parts'; error: 'bank'; subtest: string; difficulty: Difficulty; needed: number; available: number }
  | { field: 'durationMinutes'; error: 'range' }
  | { field: 'closesAt'; error: 'order' | 'tooShort' | 'tooLong' | 'past' }

/**
 * Every problem of a configuration, so the form can show them all at once. The bank check asks
 * what the draw will ask (`assertPoolCovers`): the standard mix of each part's count must be there
 * per difficulty, or a student's start would fail later.
 */
export function shortTestProblems(config: ShortTestConfig, bank: BankInventory, now: Date): ShortTestProblem[] {
  const problems: ShortTestProblem[] = []
  const parts = config.parts.filter((p) => p.count > 0)
  const total = parts.reduce((sum, p) => sum + p.count, 0)
  if (parts.length === 0) problems.push({ field: 'parts', error: 'none' })
  if (total > SHORT_TEST_MAX_ITEMS) problems.push({ field: 'parts', error: 'tooMany' })
  const seen = new Set<string>()
  for (const part of parts) {
    if (!isSubtestCode(part.code)) {
      problems.push({ field: 'parts', error: 'unknownSubtest', subtest: part.code })
      continue
    }
    if (seen.has(part.code)) problems.push({ field: 'parts', error: 'duplicate', subtest: part.code })
    seen.add(part.code)
    if (!Number.isInteger(part.count) || part.count < SHORT_TEST_MIN_ITEMS_PER_PART || part.count > SHORT_TEST_MAX_ITEMS) {
      problems.push({ field: 'parts', error: 'partSize', subtest: part.code })
      continue
    }
    const mix = standardMix(part.count)
    for (const difficulty of [1, 2, 3] as const) {
      const available = bank[part.code]?.[difficulty] ?? 0
      if (available < mix[difficulty]) problems.push({ field: 'parts', error: 'bank', subtest: part.code, difficulty, needed: mix[difficulty], available })
    }
  }
  const d = config.durationMinutes
  if (!Number.isInteger(d) || d < SHORT_TEST_MIN_MINUTES || d > SHORT_TEST_MAX_MINUTES) problems.push({ field: 'durationMinutes', error: 'range' })
  const opens = config.opensAt.getTime()
  const closes = config.closesAt.getTime()
  if (!(closes > opens)) problems.push({ field: 'closesAt', error: 'order' })
  else if (closes - opens < d * 60_000) problems.push({ field: 'closesAt', error: 'tooShort' })
  else if (closes - opens > SHORT_TEST_MAX_WINDOW_DAYS * 86_400_000) problems.push({ field: 'closesAt', error: 'tooLong' })
  if (closes <= now.getTime()) problems.push({ field: 'closesAt', error: 'past' })
  return problems
}

/** The parts in use (count > 0), in the order given, as the blueprint code wants them. */
export function usedParts(parts: readonly ShortTestPart[]): ShortTestPart[] {
  return parts.filter((p) => p.count > 0).map((p) => ({ code: p.code as SubtestCode, count: p.count }))
}

export type ShortTestWindow = 'upcoming' | 'open' | 'closed'

/** Where `now` is in the window [opensAt, closesAt). */
export function shortTestWindow(opensAt: Date, closesAt: Date, now: Date): ShortTestWindow {
  if (now.getTime() < opensAt.getTime()) return 'upcoming'
  if (now.getTime() >= closesAt.getTime()) return 'closed'
  return 'open'
}

/**
 * Who may take the test: shortlisted students (the agency only sees campus-verified applications,
 * and shortlisting comes after that, ADR 019). Later states keep the score already earned.
 */
export function mayTakeShortTest(applicationStatus: string): boolean {
  return applicationStatus === 'SHORTLISTED'
}

/**
 * The configuration can change only while nobody has an attempt: an attempt's draw follows the
 * blueprint and window it was made under, and every student must sit the same test.
 */
export function shortTestEditable(attempts: number): boolean {
  return attempts === 0
}

export type ShortTestOutcome = 'upcoming' | 'open' | 'inProgress' | 'scoring' | 'scored' | 'absent' | 'disqualified'

/**
 * What a student's test looks like to the student and the agency. A student who never started —
 * no attempt, or one still NOT_STARTED — once the window closed is "tidak hadir" (TH), as in the
 * CAT; the sweeper also moves such an attempt to ABSENT.
 */
export function shortTestOutcome(attemptState: string | null, window: ShortTestWindow): ShortTestOutcome {
  switch (attemptState) {
    case 'SCORED':
      return 'scored'
    case 'FINISHED':
    case 'AUTO_SUBMITTED':
      return 'scoring'
    case 'IN_PROGRESS':
    case 'PAUSED':
      return 'inProgress'
    case 'ABSENT':
      return 'absent'
    case 'DISQUALIFIED':
      return 'disqualified'
    default:
      return window === 'closed' ? 'absent' : window
  }
}

/**
 * The shortlist ordered by the test: highest total first, then students without a score; ties and
 * the unscored keep the order they came in (the caller's: by GPA or application time).
 */
export function byTestTotal<T extends { testTotal: number | null }>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (b.row.testTotal ?? -1) - (a.row.testTotal ?? -1) || a.i - b.i)
    .map((x) => x.row)
}
