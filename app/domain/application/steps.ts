import { z } from 'zod'
import { EDUCATION_LEVELS } from '~/domain/selection/rules'

/**
 * The steps of an SSCASN application (domain.md §1 B): biodata → formasi → education → work
 * history → documents → resume → finalise. Each step's form is one zod schema, used by the route
 * (browser and server) and by the model, whose messages are i18n keys. Pure: no Prisma, no Remix.
 */

const text = (max: number) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(max, 'application.errors.tooLong')

export const MARITAL_STATUSES = ['BELUM_KAWIN', 'KAWIN', 'CERAI_HIDUP', 'CERAI_MATI'] as const

export const BiodataSchema = z.object({
  address: text(300),
  city: text(100),
  postalCode: z.string({ error: 'errors.required' }).trim().regex(/^\d{5}$/, 'application.errors.postalCode'),
  maritalStatus: z.enum(MARITAL_STATUSES, { error: 'application.errors.maritalStatus' }),
})
export type Biodata = z.infer<typeof BiodataSchema>

/** "3.5", "3.51", "4" or "3,51" (Indonesian decimal comma) → a number in 0–4 with at most two decimals. */
export const gpaField = z
  .string({ error: 'errors.required' })
  .trim()
  .transform((value) => value.replace(',', '.'))
  .refine((value) => /^\d(\.\d{1,2})?$/.test(value), 'application.errors.gpa')
  .transform(Number)
  .refine((value) => value >= 0 && value <= 4, 'application.errors.gpa')

export const EducationSchema = z.object({
  level: z.enum(EDUCATION_LEVELS, { error: 'application.errors.level' }),
  university: text(150),
  studyProgramCode: z.string({ error: 'application.errors.studyProgram' }).trim().min(1, 'application.errors.studyProgram'),
  diplomaNumber: text(60),
  gpa: gpaField,
  cumlaude: z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean()),
})
export type Education = z.infer<typeof EducationSchema>

/** Education as stored (after parsing): GPA a number, cumlaude a boolean. */
export const StoredEducationSchema = EducationSchema.extend({
  gpa: z.number().min(0).max(4),
  cumlaude: z.boolean(),
})

/** A month as "YYYY-MM" (the month input's value). */
const month = z.string({ error: 'errors.required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'application.errors.month')

export const WorkEntrySchema = z
  .object({
    employer: text(150),
    jobTitle: text(150),
    startMonth: month,
    endMonth: z.preprocess((value) => (value === '' ? undefined : value), month.optional()),
  })
  .refine((entry) => !entry.endMonth || entry.endMonth >= entry.startMonth, {
    message: 'application.errors.endBeforeStart',
    path: ['endMonth'],
  })
export type WorkEntry = z.infer<typeof WorkEntrySchema>

export const MAX_WORK_ENTRIES = 20
export const WorkHistorySchema = z.array(WorkEntrySchema).max(MAX_WORK_ENTRIES, 'application.errors.tooManyEntries')

export const STEP_KEYS = ['biodata', 'formasi', 'education', 'workHistory', 'documents'] as const
export type StepKey = (typeof STEP_KEYS)[number]

export type StepInput = {
  selectionKind: 'CPNS' | 'PPPK'
  biodata: unknown
  vacancyId: string | null
  education: unknown
  workHistory: unknown
  /** Codes of the chosen position's required documents. */
  requiredDocuments: string[]
  /** Codes of the current (not replaced) uploaded documents. */
  uploadedDocuments: string[]
}

/** Whether each step is complete; stored JSON is re-validated, so a half-written value never counts. */
export function stepStatus(input: StepInput): Record<StepKey, boolean> {
  const uploaded = new Set(input.uploadedDocuments)
  const history = WorkHistorySchema.safeParse(input.workHistory ?? [])
  return {
    biodata: BiodataSchema.safeParse(input.biodata).success,
    formasi: input.vacancyId !== null,
    education: StoredEducationSchema.safeParse(input.education).success,
    // domain.md §1 B5: optional for CPNS, required for PPPK.
    workHistory: input.selectionKind === 'PPPK' ? history.success && history.data.length > 0 : history.success,
    documents: input.vacancyId !== null && input.requiredDocuments.every((code) => uploaded.has(code)),
  }
}

export function missingSteps(input: StepInput): StepKey[] {
  const status = stepStatus(input)
  return STEP_KEYS.filter((key) => !status[key])
}

/**
 * The Kartu Pendaftaran number: period year, agency code and an 8-digit sequence of the period,
 * e.g. `2026-KEMENKUM-00000042`.
 */
export function formatRegistrationNumber(year: number, agencyCode: string, sequence: number) {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999_999) throw new RangeError(`sequence ${sequence}`)
  return `${year}-${agencyCode}-${String(sequence).padStart(8, '0')}`
}

/** "Budi Santoso" → "Bu*** Sa*****": enough to recognise one's own card, not to learn a name. */
export function maskName(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (word.length <= 2 ? word[0] + '*'.repeat(word.length - 1) : word.slice(0, 2) + '*'.repeat(word.length - 2)))
    .join(' ')
}

/** Years and months between now and the deadline, for "sisa 3 hari 4 jam"; null once passed. */
export function timeLeft(closesAt: Date, now: Date): { days: number; hours: number; minutes: number } | null {
  const ms = closesAt.getTime() - now.getTime()
  if (ms < 0) return null
  const minutes = Math.floor(ms / 60_000)
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 }
}

/** The calendar date of an instant in WIB (the registration close date as the age cut-off when none is set). */
export function wibDate(at: Date): { year: number; month: number; day: number } {
  const shifted = new Date(at.getTime() + 7 * 3_600_000)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}
