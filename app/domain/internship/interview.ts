import { z } from 'zod'
import { FINAL_SCORE_RULES } from '~/domain/assessment/final-score'
import { parseRubricText, type Rubric } from '~/domain/assessment/rubric'

/**
 * The internship interview (issue 9 "an interview reusing the assessor scoring"; ADR 019
 * addendum). It runs on the assessment engine of ADR 016 — codes instead of names, declarations
 * before any candidate is shown, per-competency scores with justifications, locked submissions,
 * the final-score rule and third-assessor adjudication. What is the internship's own: the
 * default competencies, and how the agency sets the interview up for one opening.
 */
export const INTERVIEW_TEST_TYPE = 'WAWANCARA'

/** The default competencies of an internship interview: what a mentor needs to know of a student. */
export const DEFAULT_INTERVIEW_RUBRIC = [
  'Motivasi dan kesesuaian minat',
  'Penguasaan dasar bidang studi',
  'Komunikasi',
  'Kesiapan kerja dan etika',
].join('\n')

export const InterviewSetupSchema = z
  .object({
    rubric: z.string().trim().min(1, 'internshipRules.interview.errors.rubric').max(6000),
    assessorsPerCandidate: z.coerce.number().int().min(1).max(3),
    gapThreshold: z.coerce.number().int().min(5).max(50),
    finalScoreRule: z.enum(FINAL_SCORE_RULES),
    assessorIds: z.array(z.string().min(1).max(64)).max(20),
  })
  .superRefine((v, ctx) => {
    if (v.assessorIds.length < v.assessorsPerCandidate) {
      ctx.addIssue({ code: 'custom', path: ['assessorIds'], message: 'internshipRules.interview.errors.tooFewAssessors' })
    }
  })

export type InterviewSetup = Omit<z.infer<typeof InterviewSetupSchema>, 'rubric'> & { rubric: Rubric }

/** The form's values checked and the rubric text parsed; an error key (and rubric line) otherwise. */
export function parseInterviewSetup(value: unknown): { ok: true; setup: InterviewSetup } | { ok: false; error: string; line?: number } {
  const parsed = InterviewSetupSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, error: issue.message.startsWith('internshipRules.') ? issue.message : `internshipRules.interview.errors.${String(issue.path[0] ?? 'form')}` }
  }
  const rubric = parseRubricText(parsed.data.rubric)
  if (!rubric.ok) return { ok: false, error: 'internshipRules.interview.errors.rubricLine', line: rubric.line }
  return { ok: true, setup: { ...parsed.data, rubric: rubric.rubric } }
}
