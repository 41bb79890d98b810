import { z } from 'zod'

/**
 * The rules in force for a selection period, stored as versioned data (RuleVersion.rules) because
 * they change yearly. Defaults are the 2024 rules with their sources in domain.md.
 */
const threshold = z.object({ twk: z.number().int().min(0), tiu: z.number().int().min(0), tkp: z.number().int().min(0) })
const specialThreshold = z.object({
  /** Minimum SKD total. */
  total: z.number().int().min(0).max(550),
  /** Minimum TIU; no TWK/TKP sub-threshold applies to special types (domain.md §3). */
  tiu: z.number().int().min(0).max(175),
})
const ageLimit = z.object({ min: z.number().int().min(15).max(70), max: z.number().int().min(15).max(70).nullable() })

export const PeriodRulesSchema = z
  .object({
    ageLimits: z.object({ CPNS: ageLimit, PPPK: ageLimit }),
    skdThresholds: z.object({
      general: threshold,
      /** Keyed by formasi type code; types not listed use the general thresholds. */
      special: z.record(z.string(), specialThreshold),
    }),
    skbWeightLimits: z.object({
      central: z.object({
        catMinPercent: z.number().int().min(0).max(100),
        additionalMaxPercent: z.number().int().min(0).max(100),
        interviewMaxPercent: z.number().int().min(0).max(100),
        maxAdditionalTypes: z.number().int().min(0).max(10),
      }),
      regional: z.object({
        catMinPercent: z.number().int().min(0).max(100),
        additionalMaxPercent: z.number().int().min(0).max(100),
        maxAdditionalTypes: z.number().int().min(0).max(10),
        interviewAllowed: z.boolean(),
        onlyHighlyTechnical: z.boolean(),
      }),
    }),
    integrationWeights: z.object({ skdPercent: z.number().int().min(0).max(100), skbPercent: z.number().int().min(0).max(100) }),
    skbQuotaMultiplier: z.number().int().min(1).max(10),
    objection: z.object({
      days: z.number().int().min(1).max(30),
      panelAnswerDays: z.number().int().min(1).max(30),
      postObjectionAnnouncementDays: z.number().int().min(1).max(30),
    }),
  })
  .refine((r) => r.integrationWeights.skdPercent + r.integrationWeights.skbPercent === 100, {
    message: 'rules.integrationWeightsSum',
    path: ['integrationWeights'],
  })
  .refine((r) => r.ageLimits.CPNS.max === null || r.ageLimits.CPNS.max >= r.ageLimits.CPNS.min, {
    message: 'rules.ageRange',
    path: ['ageLimits', 'CPNS'],
  })
export type PeriodRules = z.infer<typeof PeriodRulesSchema>

export const RULES_2024: PeriodRules = {
  // domain.md §1 "Eligibility": CPNS 18–35 (PP 11/2017); PPPK minimum age 20.
  ageLimits: { CPNS: { min: 18, max: 35 }, PPPK: { min: 20, max: null } },
  skdThresholds: {
    // domain.md §3, KepmenPANRB 321/2024: TWK 65, TIU 80, TKP 166.
    general: { twk: 65, tiu: 80, tkp: 166 },
    // domain.md §3 special-requirement thresholds.
    special: {
      CUMLAUDE: { total: 311, tiu: 85 },
      DIASPORA: { total: 311, tiu: 85 },
      DISABILITAS: { total: 286, tiu: 60 },
      PUTRA_PAPUA: { total: 286, tiu: 60 },
      DAERAH_TERTINGGAL: { total: 286, tiu: 60 },
    },
  },
  // domain.md §5 (PermenPANRB 6/2024): central CAT ≥50 %, additional ≤50 %, interview ≤10 %,
  // ≤3 types; regional CAT ≥50 %, additional ≤40 %, ≤1 type, no interview, highly technical only.
  skbWeightLimits: {
    central: { catMinPercent: 50, additionalMaxPercent: 50, interviewMaxPercent: 10, maxAdditionalTypes: 3 },
    regional: { catMinPercent: 50, additionalMaxPercent: 40, maxAdditionalTypes: 1, interviewAllowed: false, onlyHighlyTechnical: true },
  },
  // domain.md §6: Final = SKD₁₀₀ × 40 % + SKB₁₀₀ × 60 %.
  integrationWeights: { skdPercent: 40, skbPercent: 60 },
  // domain.md §4: SKB quota is at most 3× the requirement count.
  skbQuotaMultiplier: 3,
  // domain.md §2: sanggah 3 days; agency re-announces within ≤7 days.
  objection: { days: 3, panelAnswerDays: 5, postObjectionAnnouncementDays: 7 },
}

export const EDUCATION_LEVELS = ['SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'] as const
export type EducationLevel = (typeof EDUCATION_LEVELS)[number]

/** The schedule's windows in their natural order (domain.md §1–§6). */
export const WINDOW_KINDS = [
  'REGISTRATION',
  'ADMIN_VERIFICATION',
  'ADMIN_ANNOUNCEMENT',
  'ADMIN_OBJECTION',
  'SCORE_REUSE_CONFIRMATION',
  'SKD',
  'SKB',
  'INTEGRATION',
  'FINAL_ANNOUNCEMENT',
  'FINAL_OBJECTION',
  'DRH_NIP',
] as const
export type WindowKind = (typeof WINDOW_KINDS)[number]

/** Whether `at` falls inside a window (opens inclusive, closes inclusive to the millisecond). */
export function isWindowOpen(window: { opensAt: Date; closesAt: Date }, at: Date) {
  return at >= window.opensAt && at <= window.closesAt
}
