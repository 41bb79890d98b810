import type { PeriodRules } from '~/domain/selection/rules'

/**
 * SKD ranking (domain.md §4). This module is the reference statement of the rules; the model
 * (`app/models/ranking.server.ts`) runs the same rules as set-based SQL over a whole period, and the
 * integration test checks that both agree.
 */

/** P/L: meets the threshold, inside the SKB quota; P: meets it, outside; TL: fails; TH: absent; DIS. */
export const SKD_CODES = ['P/L', 'P', 'TL', 'TH', 'DIS'] as const
export type SkdCode = (typeof SKD_CODES)[number]

export type Attendance = 'PRESENT' | 'ABSENT' | 'DISQUALIFIED'
export type SkdScore = { twk: number; tiu: number; tkp: number }

export const SKD_MAX = 550

/**
 * Whether an SKD score meets the threshold of a formasi type (domain.md §3): the general type needs
 * every sub-test's NAB; a special type listed in the rules needs its minimum total and minimum TIU
 * only ("No TWK/TKP sub-thresholds apply"). A type not listed uses the general thresholds.
 */
export function meetsSkdThreshold(score: SkdScore, formasiTypeCode: string, thresholds: PeriodRules['skdThresholds']) {
  const special = thresholds.special[formasiTypeCode]
  if (special) return score.twk + score.tiu + score.tkp >= special.total && score.tiu >= special.tiu
  const g = thresholds.general
  return score.twk >= g.twk && score.tiu >= g.tiu && score.tkp >= g.tkp
}

/** The general threshold, whatever the candidate's own type (optimalisasi, domain.md §6 step 1). */
export function meetsGeneralThreshold(score: SkdScore, thresholds: PeriodRules['skdThresholds']) {
  const g = thresholds.general
  return score.twk >= g.twk && score.tiu >= g.tiu && score.tkp >= g.tkp
}

export function skdTotal(s: SkdScore) {
  return s.twk + s.tiu + s.tkp
}

/**
 * Order of SKD ranking: total, then TKP, then TIU, then TWK (domain.md §4 "SKD tie-break"),
 * best first. Zero means tied on every criterion.
 */
export function compareSkd(a: SkdScore, b: SkdScore) {
  return skdTotal(b) - skdTotal(a) || b.tkp - a.tkp || b.tiu - a.tiu || b.twk - a.twk
}

export type SkdCandidate = {
  applicationId: string
  attendance: Attendance | null
  score: SkdScore | null
  /** True when this is last period's score the applicant chose to reuse (domain.md §3). */
  reused?: boolean
}

export type SkdRanked = { applicationId: string; code: SkdCode; rank: number | null }

/**
 * Ranks the candidates of ONE group (position × formasi type × location, i.e. one vacancy row).
 * Only candidates meeting the threshold are ranked. The quota is `vacancies × multiplier`; a
 * candidate whose rank (competition ranking: ties share the rank) is within the quota gets P/L, so
 * candidates still tied at the boundary **all** go to the SKB and the quota can be exceeded
 * (domain.md §4, "Real 2023 case: quota 246, actual 247"). A reused score is ranked like any other:
 * it only counts when it meets this period's threshold.
 */
export function rankSkdGroup(
  candidates: readonly SkdCandidate[],
  group: { formasiTypeCode: string; vacancies: number },
  rules: Pick<PeriodRules, 'skdThresholds' | 'skbQuotaMultiplier'>,
): SkdRanked[] {
  const quota = group.vacancies * rules.skbQuotaMultiplier
  const out: SkdRanked[] = []
  const eligible: { applicationId: string; score: SkdScore }[] = []
  for (const c of candidates) {
    if (c.attendance === 'DISQUALIFIED') out.push({ applicationId: c.applicationId, code: 'DIS', rank: null })
    else if (c.attendance !== 'PRESENT' || !c.score) out.push({ applicationId: c.applicationId, code: 'TH', rank: null })
    else if (!meetsSkdThreshold(c.score, group.formasiTypeCode, rules.skdThresholds)) {
      out.push({ applicationId: c.applicationId, code: 'TL', rank: null })
    } else eligible.push({ applicationId: c.applicationId, score: c.score })
  }
  eligible.sort((a, b) => compareSkd(a.score, b.score))
  let rank = 0
  eligible.forEach((c, i) => {
    // Competition ranking (SQL RANK()): a tie shares the rank of the first of its kind.
    if (i === 0 || compareSkd(eligible[i - 1]!.score, c.score) !== 0) rank = i + 1
    out.push({ applicationId: c.applicationId, code: rank <= quota ? 'P/L' : 'P', rank })
  })
  return out
}
