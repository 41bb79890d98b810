/**
 * The two security questions an applicant answers at account creation (domain.md §1 A.2) and one
 * of which they answer again for the helpdesk password reset without e-mail (§1 A.5). The
 * questions are a fixed list (their text is in the locale files under `security.questions`), so an
 * answer is compared with what the applicant chose, never with free text of unknown meaning.
 */
export const SECURITY_QUESTIONS = [
  'motherMaidenName',
  'firstSchool',
  'childhoodFriend',
  'firstPet',
  'favouriteTeacher',
  'birthVillage',
] as const
export type SecurityQuestionCode = (typeof SECURITY_QUESTIONS)[number]

export function isSecurityQuestion(code: string): code is SecurityQuestionCode {
  return (SECURITY_QUESTIONS as readonly string[]).includes(code)
}

export const MIN_ANSWER_LENGTH = 3
export const MAX_ANSWER_LENGTH = 60

/**
 * The form in which an answer is compared: case, spacing and punctuation do not matter, so
 * "Siti  Aminah." and "siti aminah" are the same answer. Letters and digits of any script stay.
 */
export function normaliseAnswer(answer: string): string {
  return answer
    .normalize('NFKC')
    .toLocaleLowerCase('id-ID')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

export type SecurityAnswersProblem =
  | { path: 'question2'; message: 'security.errors.sameQuestion' }
  | { path: 'answer1' | 'answer2'; message: 'security.errors.tooShort' | 'security.errors.tooLong' | 'security.errors.isPassword' }

/** Two different questions, answers of a sensible length that are not the password itself. */
export function checkSecurityAnswers(input: {
  question1: string
  answer1: string
  question2: string
  answer2: string
  password?: string
}): SecurityAnswersProblem[] {
  const problems: SecurityAnswersProblem[] = []
  if (input.question1 === input.question2) problems.push({ path: 'question2', message: 'security.errors.sameQuestion' })
  for (const path of ['answer1', 'answer2'] as const) {
    const answer = normaliseAnswer(input[path])
    if (answer.length < MIN_ANSWER_LENGTH) problems.push({ path, message: 'security.errors.tooShort' })
    else if (input[path].length > MAX_ANSWER_LENGTH) problems.push({ path, message: 'security.errors.tooLong' })
    else if (input.password && answer === normaliseAnswer(input.password)) problems.push({ path, message: 'security.errors.isPassword' })
  }
  return problems
}
