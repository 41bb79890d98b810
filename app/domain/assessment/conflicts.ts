import { z } from 'zod'

/**
 * Conflicts of interest between an assessor and a candidate (issue 7, domain.md §5: assessors are
 * independent). An assessor declares, per batch and before seeing any candidate, the people they
 * are related to and the facts the portal needs to find conflicts itself; the portal never assigns
 * a pair with a conflict. Matching uses only data the candidate gave in their application.
 */
export const CONFLICT_REASONS = ['DECLARED_PERSON', 'SAME_KK', 'SAME_WORKPLACE', 'SAME_STUDY_PROGRAM', 'SAME_INSTITUTION', 'RECUSED'] as const
export type ConflictReason = (typeof CONFLICT_REASONS)[number]

/** How far back a shared workplace or study programme still counts (issue 7: "in the last 4 years"). */
export const CONFLICT_LOOKBACK_YEARS = 4

const optionalDigits = (len: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.string().regex(new RegExp(`^\\d{${len}}$`), 'assessment.errors.digits').optional())

export const DeclarationSchema = z.object({
  /** The assessor's own family card number (Kartu Keluarga), to find relatives among candidates. */
  kk: optionalDigits(16),
  nik: optionalDigits(16),
  /** Employers in the last four years (one per line in the form). */
  workplaces: z.array(z.string().trim().min(2).max(150)).max(10),
  /** Universities and study programmes taught or studied at, with the last year. */
  studyPrograms: z
    .array(z.object({ university: z.string().trim().min(2).max(150), studyProgramCode: z.string().trim().max(40), untilYear: z.number().int().min(1950).max(2100) }))
    .max(10),
  /** People the assessor is related to or works closely with who may be candidates. */
  persons: z.array(z.object({ name: z.string().trim().min(2).max(150), nik: z.string().regex(/^\d{16}$/).optional(), relation: z.string().trim().max(80) })).max(30),
  /** The assessor confirmed the statement of independence. */
  statement: z.literal(true, { error: 'assessment.errors.statement' }),
})
export type Declaration = z.infer<typeof DeclarationSchema>

export type CandidateFacts = {
  candidateId: string
  nik: string
  kk: string
  fullName: string
  education: { university: string; studyProgramCode: string } | null
  workHistory: { employer: string; endMonth?: string | null }[]
}

/** Names compared without case, punctuation or the usual abbreviations. */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\buniv\b\.?/g, 'universitas')
    .replace(/\bkemen\b\.?/g, 'kementerian')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** The conflicts between one assessor's declaration and one candidate, at `now` (server clock). */
export function findConflicts(declaration: Declaration, candidate: CandidateFacts, now: Date): ConflictReason[] {
  const reasons: ConflictReason[] = []
  const since = now.getUTCFullYear() - CONFLICT_LOOKBACK_YEARS
  const candidateName = normaliseName(candidate.fullName)

  if (
    declaration.persons.some((p) => (p.nik ? p.nik === candidate.nik : false) || normaliseName(p.name) === candidateName) ||
    (declaration.nik !== undefined && declaration.nik === candidate.nik)
  ) {
    reasons.push('DECLARED_PERSON')
  }
  if (declaration.kk && declaration.kk === candidate.kk) reasons.push('SAME_KK')

  const workplaces = new Set(declaration.workplaces.map(normaliseName))
  const recentJobs = candidate.workHistory.filter((w) => !w.endMonth || Number(w.endMonth.slice(0, 4)) >= since)
  if (recentJobs.some((w) => workplaces.has(normaliseName(w.employer)))) reasons.push('SAME_WORKPLACE')

  const edu = candidate.education
  if (
    edu &&
    declaration.studyPrograms.some(
      (s) =>
        s.untilYear >= since &&
        normaliseName(s.university) === normaliseName(edu.university) &&
        (s.studyProgramCode === '' || s.studyProgramCode.toUpperCase() === edu.studyProgramCode.toUpperCase()),
    )
  ) {
    reasons.push('SAME_STUDY_PROGRAM')
  }
  return reasons
}

/** An assessor who works (or worked in the lookback) for the agency under assessment is not independent. */
export function worksForAgency(declaration: Declaration, agencyName: string): boolean {
  return declaration.workplaces.some((w) => normaliseName(w) === normaliseName(agencyName))
}

/**
 * Internship interviews (ADR 019 addendum): the candidate is a student of a partner university.
 * An interviewer who holds a role at that university — a lecturer or staff member invited as an
 * assessor, its internship PIC or a supervising lecturer (DPL) — has a stake in the student's
 * success and never interviews them, even without a declaration.
 */
export function sameInstitution(assessorUniversityIds: readonly string[], studentUniversityId: string): boolean {
  return assessorUniversityIds.includes(studentUniversityId)
}
