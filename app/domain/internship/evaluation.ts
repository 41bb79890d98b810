import { addMonths } from './supervision'

/**
 * The end of an internship (domain.md §8): the mentor's final evaluation on a fixed rubric, and
 * the credit conversion the university receives — per skill, not as one block, up to 20 SKS
 * (MSIB credits 20 SKS for 16–24 weeks; Magang Berdampak 2025 "up to 20 SKS convertible").
 */
export type RubricCriterion = { key: string; name: string; nameEn: string; weight: number }

/** Weights in percent; they sum to 100. Each criterion is one skill the university converts. */
export const FINAL_RUBRIC: readonly RubricCriterion[] = [
  { key: 'discipline', name: 'Disiplin dan etika kerja', nameEn: 'Discipline and work ethics', weight: 15 },
  { key: 'technical', name: 'Kompetensi teknis bidang', nameEn: 'Technical competence', weight: 30 },
  { key: 'communication', name: 'Komunikasi', nameEn: 'Communication', weight: 15 },
  { key: 'teamwork', name: 'Kerja sama tim', nameEn: 'Teamwork', weight: 15 },
  { key: 'initiative', name: 'Inisiatif dan pemecahan masalah', nameEn: 'Initiative and problem solving', weight: 15 },
  { key: 'reporting', name: 'Pelaporan dan dokumentasi', nameEn: 'Reporting and documentation', weight: 10 },
]

export const MAX_SKS = 20
/** A grade of C (56) or better passes a course in most Indonesian universities' academic rules. */
export const PASS_SCORE = 56

export type RubricScores = Record<string, number>

export class RubricError extends Error {}

export function checkRubricScores(scores: RubricScores): RubricScores {
  const out: RubricScores = {}
  for (const c of FINAL_RUBRIC) {
    const v = scores[c.key]
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > 100) throw new RubricError(`Score for ${c.key} must be 0–100`)
    out[c.key] = v
  }
  return out
}

/** Weighted final score, one decimal. */
export function finalScore(scores: RubricScores) {
  const checked = checkRubricScores(scores)
  const total = FINAL_RUBRIC.reduce((sum, c) => sum + checked[c.key]! * c.weight, 0) / 100
  return Math.round(total * 10) / 10
}

export function letterGrade(score: number) {
  if (score >= 85) return 'A'
  if (score >= 80) return 'A-'
  if (score >= 75) return 'B+'
  if (score >= 70) return 'B'
  if (score >= 65) return 'B-'
  if (score >= 60) return 'C+'
  if (score >= 56) return 'C'
  if (score >= 45) return 'D'
  return 'E'
}

/**
 * Credits a placement can earn: 5 SKS per month, at most 20 (4 months — MSIB's 16 weeks — earns
 * the full 20; a 3-month agency scheme earns 15).
 */
export function creditCeiling(durationMonths: number) {
  return Math.min(MAX_SKS, Math.max(0, durationMonths) * 5)
}

export type CreditLine = { key: string; name: string; nameEn: string; score: number; grade: string; sks: number }

/**
 * The conversion summary per skill: the ceiling is shared by rubric weight (largest remainder,
 * so the lines sum to the ceiling exactly); a skill scored below a pass earns no credit.
 */
export function creditConversion(scores: RubricScores, durationMonths: number): { lines: CreditLine[]; totalSks: number } {
  const checked = checkRubricScores(scores)
  const ceiling = creditCeiling(durationMonths)
  const exact = FINAL_RUBRIC.map((c) => (ceiling * c.weight) / 100)
  const floors = exact.map(Math.floor)
  let left = ceiling - floors.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    floors[i]! += 1
    left -= 1
  }
  const lines = FINAL_RUBRIC.map((c, i) => {
    const score = checked[c.key]!
    return { key: c.key, name: c.name, nameEn: c.nameEn, score, grade: letterGrade(score), sks: score >= PASS_SCORE ? floors[i]! : 0 }
  })
  return { lines, totalSks: lines.reduce((s, l) => s + l.sks, 0) }
}

/** A certificate is issued when the final score passes. */
export function earnsCertificate(score: number) {
  return score >= PASS_SCORE
}

// ───── attendance in the evaluation (ADR 019 addendum) ─────

/**
 * Minimum attendance rate (%) for a certificate. Indonesian universities commonly require 75–80 %
 * attendance to sit a course's final exam; an internship converted to up to 20 SKS keeps the
 * stricter 80 %. Permitted absences (sick, leave) count as attended (`attendanceRate`).
 */
export const MIN_ATTENDANCE_FOR_CERTIFICATE = 80

/** The criterion attendance bears on: "discipline" cannot score above the attendance rate. */
export const ATTENDANCE_CAPPED_CRITERION = 'discipline'

export type AttendanceEffect = {
  /** The attendance rate (%), or null when the mentor recorded no attendance. */
  rate: number | null
  /** Highest discipline score the attendance allows (the rate, rounded down), or null for no cap. */
  disciplineCap: number | null
  /** Whether the attendance allows a certificate. */
  allowsCertificate: boolean
}

/**
 * What the attendance does to the evaluation, shown to the mentor before submitting:
 * - the discipline score is capped at the attendance rate (85.7 % → at most 85);
 * - below MIN_ATTENDANCE_FOR_CERTIFICATE no certificate is issued, whatever the score.
 * Without any attendance record there is nothing to apply (the page says attendance is missing).
 */
export function attendanceEffect(rate: number | null): AttendanceEffect {
  if (rate === null) return { rate: null, disciplineCap: null, allowsCertificate: true }
  return { rate, disciplineCap: Math.floor(rate), allowsCertificate: rate >= MIN_ATTENDANCE_FOR_CERTIFICATE }
}

/** The rubric scores after the attendance cap; `capped` says whether discipline was lowered. */
export function applyAttendance(scores: RubricScores, rate: number | null): { scores: RubricScores; capped: boolean } {
  const checked = checkRubricScores(scores)
  const { disciplineCap } = attendanceEffect(rate)
  const entered = checked[ATTENDANCE_CAPPED_CRITERION]!
  if (disciplineCap === null || entered <= disciplineCap) return { scores: checked, capped: false }
  return { scores: { ...checked, [ATTENDANCE_CAPPED_CRITERION]: disciplineCap }, capped: true }
}

/** The certificate needs a passing final score and, when attendance was recorded, enough of it. */
export function earnsCertificateWith(score: number, attendanceRate: number | null) {
  return earnsCertificate(score) && attendanceEffect(attendanceRate).allowsCertificate
}

// ───── when the final evaluation may be made (ADR 019 addendum) ─────

/** Minimum length of the reason for completing an internship early. */
export const MIN_EARLY_REASON = 20

/**
 * The final evaluation belongs to the end of the internship: it is allowed from the first day of
 * the placement's last month (start date + duration − 1 months), when the mentor has seen nearly
 * all of it. Before that the mentor may only complete it as an **early completion** with a reason
 * (e.g. the student was called back by the university), which is audited and shown to the DPL and
 * the university PIC.
 */
export function evaluationOpensOn(placement: { startsAt: Date; durationMonths: number }) {
  const start = new Date(`${placement.startsAt.toISOString().slice(0, 10)}T00:00:00Z`)
  return addMonths(start, placement.durationMonths - 1).toISOString().slice(0, 10)
}

export type EvaluationTiming = { ok: true; early: boolean } | { ok: false; error: 'tooEarly' | 'earlyReason' }

/** Whether an evaluation on `today` (WIB date) is on time, early with a good reason, or refused. */
export function evaluationTiming(placement: { startsAt: Date; durationMonths: number }, today: Date, earlyReason: string | null): EvaluationTiming {
  if (today.toISOString().slice(0, 10) >= evaluationOpensOn(placement)) return { ok: true, early: false }
  if (earlyReason === null) return { ok: false, error: 'tooEarly' }
  if (earlyReason.trim().length < MIN_EARLY_REASON) return { ok: false, error: 'earlyReason' }
  return { ok: true, early: true }
}
