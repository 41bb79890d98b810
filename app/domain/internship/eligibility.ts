/**
 * Who may apply for an internship opening (domain.md §8, MSIB / Magang Berdampak): an active
 * student of a vocational or undergraduate programme far enough into the studies — D2 from
 * semester 3, D3 from semester 4, D4/S1 from semester 5 — and, where the opening asks, a minimum
 * semester, a minimum GPA (agency schemes such as Kemendagri 2026 ask GPA ≥ 3.00) and one of the
 * listed study programmes. Every reason is returned, so the student sees all of them at once.
 */
export const MIN_SEMESTER_BY_LEVEL: Record<string, number> = { D2: 3, D3: 4, D4: 5, S1: 5 }

export type StudentFacts = {
  level: string
  studyProgramCode: string
  semester: number
  gpa: number
}

export type OpeningRequirements = {
  minSemester: number | null
  minGpa: number | null
  studyProgramCodes: readonly string[]
}

export type EligibilityProblem =
  | { code: 'level'; level: string }
  | { code: 'semester'; required: number; actual: number }
  | { code: 'gpa'; required: number; actual: number }
  | { code: 'studyProgram' }

export function eligibilityProblems(student: StudentFacts, opening: OpeningRequirements): EligibilityProblem[] {
  const problems: EligibilityProblem[] = []
  const levelMin = MIN_SEMESTER_BY_LEVEL[student.level]
  if (levelMin === undefined) {
    problems.push({ code: 'level', level: student.level })
  } else {
    const required = Math.max(levelMin, opening.minSemester ?? 0)
    if (student.semester < required) problems.push({ code: 'semester', required, actual: student.semester })
  }
  // GPAs are compared in hundredths: 2.995 typed as "3.00" on a transcript is 3.00.
  if (opening.minGpa !== null && Math.round(student.gpa * 100) < Math.round(opening.minGpa * 100)) {
    problems.push({ code: 'gpa', required: opening.minGpa, actual: student.gpa })
  }
  if (opening.studyProgramCodes.length > 0 && !opening.studyProgramCodes.includes(student.studyProgramCode)) {
    problems.push({ code: 'studyProgram' })
  }
  return problems
}

/** Opening durations the track offers (issue 9: 3–6 months; MSIB 16–24 weeks, §8). */
export const MIN_DURATION_MONTHS = 3
export const MAX_DURATION_MONTHS = 6
