import { z } from 'zod'

/**
 * A rubric: the competencies an assessor scores, each on 0–100, with anchored level descriptions
 * so that two assessors mean the same thing by "70" (issue 7). An assessor's score for a candidate
 * is the mean of the competency scores.
 */
export const AnchorSchema = z.object({ min: z.number().int().min(0).max(100), max: z.number().int().min(0).max(100), text: z.string().min(1).max(300) })
export const CompetencySchema = z.object({
  key: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1).max(120),
  anchors: z.array(AnchorSchema).min(1).max(10),
})
export const RubricSchema = z.array(CompetencySchema).min(1).max(12)
export type Competency = z.infer<typeof CompetencySchema>
export type Rubric = z.infer<typeof RubricSchema>

/** The anchor levels every default rubric uses (the panel may write its own). */
export const DEFAULT_ANCHORS = [
  { min: 0, max: 40, text: 'Kurang: tidak menunjukkan perilaku yang diharapkan' },
  { min: 41, max: 60, text: 'Cukup: menunjukkan sebagian perilaku dengan arahan' },
  { min: 61, max: 80, text: 'Baik: menunjukkan perilaku secara konsisten' },
  { min: 81, max: 100, text: 'Sangat baik: menjadi contoh bagi orang lain' },
]

function keyOf(name: string, taken: Set<string>) {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 36) || 'k'
  let key = base
  for (let i = 2; taken.has(key); i++) key = `${base}-${i}`
  taken.add(key)
  return key
}

/**
 * The rubric as the panel writes it in a text area: one competency per line,
 * `Name` or `Name | 0-40: text | 41-60: text | …`. A line without anchors gets the default ones.
 */
export function parseRubricText(text: string): { ok: true; rubric: Rubric } | { ok: false; line: number } {
  const taken = new Set<string>()
  const rubric: Competency[] = []
  const lines = text.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (!line) continue
    const [name, ...parts] = line.split('|').map((p) => p.trim())
    const anchors = []
    for (const part of parts) {
      const m = /^(\d{1,3})\s*[-–]\s*(\d{1,3})\s*:\s*(.+)$/.exec(part)
      if (!m) return { ok: false, line: i + 1 }
      anchors.push({ min: Number(m[1]), max: Number(m[2]), text: m[3]! })
    }
    const competency = { key: keyOf(name!, taken), name: name!, anchors: anchors.length ? anchors : DEFAULT_ANCHORS }
    const parsed = CompetencySchema.safeParse(competency)
    if (!parsed.success || parsed.data.anchors.some((a) => a.min > a.max)) return { ok: false, line: i + 1 }
    rubric.push(parsed.data)
  }
  const parsed = RubricSchema.safeParse(rubric)
  return parsed.success ? { ok: true, rubric: parsed.data } : { ok: false, line: 0 }
}

export function rubricToText(rubric: Rubric): string {
  return rubric.map((c) => [c.name, ...c.anchors.map((a) => `${a.min}-${a.max}: ${a.text}`)].join(' | ')).join('\n')
}

export const DEFAULT_RUBRICS: Record<string, string[]> = {
  PSIKOTES: ['Integritas', 'Stabilitas emosi', 'Kerja sama', 'Orientasi pada hasil'],
  WAWANCARA: ['Motivasi dan komitmen', 'Komunikasi', 'Pemahaman tugas jabatan', 'Integritas'],
}

export function defaultRubric(testType: string): Rubric {
  const names = DEFAULT_RUBRICS[testType] ?? ['Penguasaan kompetensi teknis', 'Ketepatan kerja', 'Sikap kerja']
  const result = parseRubricText(names.join('\n'))
  if (!result.ok) throw new Error('default rubric is invalid')
  return result.rubric
}

export type CompetencyScore = { key: string; score: number; justification: string }

/** Minimum length of the written justification an assessor gives for every score. */
export const MIN_JUSTIFICATION = 20

/** An assessor's submission must score every competency of the rubric once, each with a justification. */
export function submissionSchema(rubric: Rubric) {
  return z.object(
    Object.fromEntries(
      rubric.flatMap((c) => [
        [
          `score_${c.key}`,
          z.coerce
            .number({ error: 'assessment.errors.score' })
            .int('assessment.errors.score')
            .min(0, 'assessment.errors.score')
            .max(100, 'assessment.errors.score'),
        ],
        [
          `justification_${c.key}`,
          z
            .string({ error: 'assessment.errors.justification' })
            .trim()
            .min(MIN_JUSTIFICATION, 'assessment.errors.justification')
            .max(2000, 'assessment.errors.justificationLong'),
        ],
      ]),
    ),
  )
}

export function scoresFromSubmission(rubric: Rubric, value: Record<string, unknown>): CompetencyScore[] {
  return rubric.map((c) => ({ key: c.key, score: Number(value[`score_${c.key}`]), justification: String(value[`justification_${c.key}`]) }))
}

/** An assessor's total for a candidate: the mean of the competency scores, two decimals. */
export function assessorTotal(scores: readonly CompetencyScore[]): number {
  return Math.round((scores.reduce((a, s) => a + s.score, 0) / scores.length) * 100) / 100
}
