import type { PeriodRules } from '~/domain/selection/rules'
import { SKD_MAX, compareSkd, meetsGeneralThreshold, skdTotal, type Attendance, type SkdScore } from './skd'

/**
 * Final integration and vacancy filling (domain.md §6). Reference rules; the model runs the same as
 * set-based SQL.
 */

/** L: passed; L-1: moved to another formasi type; L-2: moved to another unit or location. */
export const FINAL_CODES = ['L', 'L-1', 'L-2', 'TL', 'TH', 'DIS'] as const
export type FinalCode = (typeof FINAL_CODES)[number]

/** Maximum raw SKB-CAT score, treated as 500 (domain.md §5). */
export const SKB_CAT_MAX = 500

export type SkbComponents = {
  /** Raw SKB-CAT score 0–500. */
  cat: number
  /** Weight of the CAT in the SKB (%), Position.catWeight. */
  catWeight: number
  /** Additional tests on 0–100 with their weights (%), PositionSkbTest × AdditionalTestResult. */
  additional: readonly { score: number; weight: number }[]
}

/** SKB₁₀₀ = Σ(each component on 0–100 × its weight) (domain.md §6). A missing test scores 0. */
export function skb100(c: SkbComponents) {
  const cat100 = (c.cat / SKB_CAT_MAX) * 100
  return (cat100 * c.catWeight + c.additional.reduce((s, a) => s + a.score * a.weight, 0)) / 100
}

/**
 * `Final = (SKD / 550 × 100) × 40% + SKB₁₀₀ × 60%` (domain.md §6; "Some explainers wrongly divide
 * SKD by 500"). The weights come from the period's rules (integrationWeights). Rounded to 3
 * decimals, as stored, so the order in TypeScript and SQL is the same.
 */
export function finalScore(skdTotalScore: number, skb: number, weights: PeriodRules['integrationWeights']) {
  const value = ((skdTotalScore / SKD_MAX) * 100 * weights.skdPercent + skb * weights.skbPercent) / 100
  return Math.round(value * 1000) / 1000
}

export type FinalCandidate = {
  applicationId: string
  vacancyId: string
  skd: SkdScore
  final: number
  /** GPA (or diploma average for SMA graduates); null sorts last. */
  gpa: number | null
  /** ISO date; older (earlier) ranks first. */
  birthDate: string
  /** Absent from or disqualified in the SKB, or failed an eliminating additional test. */
  skbAttendance: Attendance
  eliminated: boolean
}

/**
 * Final-score order (domain.md §6 "Final-score tie-break"): final, then 1. SKD total,
 * 2. TKP, TIU, TWK, 3. GPA, 4. older age. Best first; zero means tied on everything.
 */
export function compareFinal(a: FinalCandidate, b: FinalCandidate) {
  return (
    b.final - a.final ||
    compareSkd(a.skd, b.skd) ||
    (b.gpa ?? -1) - (a.gpa ?? -1) ||
    (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0)
  )
}

export type FinalVacancy = {
  id: string
  positionId: string
  /** Agency + position name: the "same position in other units" pool (agency grouping). */
  positionGroup: string
  formasiTypeCode: string
  isGeneral: boolean
  location: string
  count: number
}

export type FinalAssigned = {
  applicationId: string
  code: FinalCode
  /** Rank within the candidate's own vacancy (null for TH/DIS). */
  rank: number | null
  /** The vacancy the candidate fills (their own for L; another for L-1/L-2). */
  assignedVacancyId: string | null
}

/**
 * Assigns final codes for a whole period: the best `count` of each vacancy pass (L); then
 * **optimalisasi** (domain.md §6) fills each general vacancy still short:
 *   1. from special-type candidates of the same position and location who meet the general
 *      threshold, best first → L-1;
 *   2. then from candidates of the same position (same agency, same position name) in other units or
 *      locations, best first → L-2. Open seats of one pool are served in (location, vacancy id)
 *      order, so the result is deterministic.
 * TH/DIS and eliminated (TL without a rank) candidates never pass and are never moved.
 */
export function assignFinal(
  vacancies: readonly FinalVacancy[],
  candidates: readonly FinalCandidate[],
  thresholds: PeriodRules['skdThresholds'],
): FinalAssigned[] {
  const byVacancy = new Map<string, FinalCandidate[]>()
  const result = new Map<string, FinalAssigned>()
  for (const c of candidates) {
    if (c.skbAttendance === 'DISQUALIFIED') result.set(c.applicationId, { applicationId: c.applicationId, code: 'DIS', rank: null, assignedVacancyId: null })
    else if (c.skbAttendance === 'ABSENT') result.set(c.applicationId, { applicationId: c.applicationId, code: 'TH', rank: null, assignedVacancyId: null })
    // Failing an eliminating additional test (gugur) fails the selection: TL, never ranked or moved.
    else if (c.eliminated) result.set(c.applicationId, { applicationId: c.applicationId, code: 'TL', rank: null, assignedVacancyId: null })
    else byVacancy.set(c.vacancyId, [...(byVacancy.get(c.vacancyId) ?? []), c])
  }
  const filled = new Map<string, number>()
  const vacancyById = new Map(vacancies.map((v) => [v.id, v]))
  for (const [vacancyId, list] of byVacancy) {
    const v = vacancyById.get(vacancyId)
    list.sort(compareFinal)
    list.forEach((c, i) => {
      const pass = v !== undefined && i < v.count
      result.set(c.applicationId, { applicationId: c.applicationId, code: pass ? 'L' : 'TL', rank: i + 1, assignedVacancyId: pass ? vacancyId : null })
    })
    filled.set(vacancyId, Math.min(list.length, v?.count ?? 0))
  }
  const open = (v: FinalVacancy) => v.count - (filled.get(v.id) ?? 0)
  const donors = (pred: (c: FinalCandidate, own: FinalVacancy) => boolean) =>
    candidates
      .filter((c) => result.get(c.applicationId)?.code === 'TL' && result.get(c.applicationId)?.rank !== null)
      .filter((c) => {
        const own = vacancyById.get(c.vacancyId)
        return own !== undefined && meetsGeneralThreshold(c.skd, thresholds) && pred(c, own)
      })
      .sort(compareFinal)
  const general = vacancies.filter((v) => v.isGeneral).sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : a.id < b.id ? -1 : 1))

  // Step 1: special types of the same position and location.
  for (const v of general) {
    for (const c of donors((_, own) => !own.isGeneral && own.positionId === v.positionId && own.location === v.location)) {
      if (open(v) <= 0) break
      result.set(c.applicationId, { ...result.get(c.applicationId)!, code: 'L-1', assignedVacancyId: v.id })
      filled.set(v.id, (filled.get(v.id) ?? 0) + 1)
    }
  }
  // Step 2: same position name in the agency, other units or locations.
  const seatsByGroup = new Map<string, string[]>()
  for (const v of general) for (let i = 0; i < open(v); i++) seatsByGroup.set(v.positionGroup, [...(seatsByGroup.get(v.positionGroup) ?? []), v.id])
  for (const [group, seats] of seatsByGroup) {
    const pool = donors((_, own) => own.positionGroup === group)
    seats.forEach((vacancyId, i) => {
      const c = pool[i]
      if (!c) return
      result.set(c.applicationId, { ...result.get(c.applicationId)!, code: 'L-2', assignedVacancyId: vacancyId })
    })
  }
  return candidates.map((c) => result.get(c.applicationId)!)
}

/** The age tie-break needs comparable dates: `YYYY-MM-DD`. */
export function isoDate(d: Date) {
  return d.toISOString().slice(0, 10)
}

export { skdTotal }
