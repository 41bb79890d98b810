/**
 * Whether an applicant may apply to a vacancy (issue 4 "Rules the server enforces"; domain.md §1
 * "Eligibility"). Pure: the caller passes the applicant, the position and the period's rules.
 * Each refusal names the rule, so the page can explain it before the applicant errs.
 */
export type AgeLimit = { min: number; max: number | null }

export type EligibilityInput = {
  selectionKind: 'CPNS' | 'PPPK'
  birthDate: { year: number; month: number; day: number }
  /** The period's age cut-off date (domain.md §1); age is computed at this date. */
  cutoffDate: { year: number; month: number; day: number }
  periodAgeLimits: { CPNS: AgeLimit; PPPK: AgeLimit }
  position: {
    educationLevels: string[]
    studyProgramCodes: string[]
    minGpa: number | null
    minAge: number | null
    maxAge: number | null
  }
  formasiType: string
  education: { level: string; studyProgramCode: string | null; gpa: number | null; cumlaude?: boolean }
  /** Years of work history, required for PPPK (domain.md §1 "Work history"). */
  workHistoryCount: number
}

export type EligibilityProblem =
  | { rule: 'age.tooYoung'; min: number; age: number }
  | { rule: 'age.tooOld'; max: number; age: number }
  | { rule: 'education.level'; accepted: string[] }
  | { rule: 'education.studyProgram' }
  | { rule: 'education.gpa'; min: number }
  | { rule: 'formasi.cumlaude'; minGpa: number }
  | { rule: 'pppk.workHistory' }

/** Completed years of age at `at` (a birthday on the cut-off day counts). */
export function ageAt(birth: EligibilityInput['birthDate'], at: EligibilityInput['cutoffDate']): number {
  let age = at.year - birth.year
  if (at.month < birth.month || (at.month === birth.month && at.day < birth.day)) age--
  return age
}

/** Cumlaude formasi: the diploma's predicate, approximated by GPA ≥ 3.51 (S1) when not stated. */
export const CUMLAUDE_MIN_GPA = 3.51

export function checkEligibility(input: EligibilityInput): EligibilityProblem[] {
  const problems: EligibilityProblem[] = []
  const limits = input.periodAgeLimits[input.selectionKind]
  const min = input.position.minAge ?? limits.min
  const max = input.position.maxAge ?? limits.max
  const age = ageAt(input.birthDate, input.cutoffDate)
  if (age < min) problems.push({ rule: 'age.tooYoung', min, age })
  // "Age 18–35": a 35-year-old may apply; one who has turned 36 by the cut-off may not.
  if (max !== null && age > max) problems.push({ rule: 'age.tooOld', max, age })

  if (!input.position.educationLevels.includes(input.education.level)) {
    problems.push({ rule: 'education.level', accepted: input.position.educationLevels })
  } else if (
    input.position.studyProgramCodes.length > 0 &&
    !(input.education.studyProgramCode && input.position.studyProgramCodes.includes(input.education.studyProgramCode))
  ) {
    problems.push({ rule: 'education.studyProgram' })
  }
  if (input.position.minGpa !== null && (input.education.gpa ?? 0) < input.position.minGpa) {
    problems.push({ rule: 'education.gpa', min: input.position.minGpa })
  }
  if (input.formasiType === 'CUMLAUDE' && !input.education.cumlaude && (input.education.gpa ?? 0) < CUMLAUDE_MIN_GPA) {
    problems.push({ rule: 'formasi.cumlaude', minGpa: CUMLAUDE_MIN_GPA })
  }
  if (input.selectionKind === 'PPPK' && input.workHistoryCount < 1) problems.push({ rule: 'pppk.workHistory' })
  return problems
}
