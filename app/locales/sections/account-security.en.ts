import type { accountSecurityId } from './account-security.id'
import type { Widen } from '../id'

/** English: CAPTCHA, security questions and the helpdesk password reset. */
export const accountSecurityEn: Widen<typeof accountSecurityId> = {
  captcha: {
    label: 'Verify that you are not a robot',
    verifying: 'Verifying…',
    verified: 'Verified',
    error: 'Verification failed. Reload the page and try again.',
    expired: 'Verification expired. Tick again.',
    hint: 'Verification runs automatically on your device (a few seconds); the submit button becomes active once verified.',
    noScript: 'This verification needs JavaScript. Turn on JavaScript in your browser.',
    errors: {
      missing: 'Wait until the "not a robot" check has finished, then submit again.',
      invalid: 'The "not a robot" check is invalid or expired. Verify again, then submit.',
      used: 'This "not a robot" check was already used. Verify again, then submit.',
    },
  },
  security: {
    legend: 'Security questions',
    hint: 'Choose two different questions. Their answers let you reset your password if you cannot open your e-mail. Capitals and punctuation do not matter.',
    question: 'Security question {{n}}',
    answer: 'Answer {{n}}',
    review: 'Security questions: {{questions}}. Answers are stored encrypted and never shown.',
    questions: {
      motherMaidenName: "What is your mother's maiden name?",
      firstSchool: 'What is the name of your primary school?',
      childhoodFriend: 'What is the name of your childhood best friend?',
      firstPet: 'What was the name of your first pet?',
      favouriteTeacher: 'What is the name of your favourite teacher?',
      birthVillage: 'In which village or kelurahan were you born?',
    },
    errors: {
      question: 'Choose a security question.',
      sameQuestion: 'Choose a question different from the first one.',
      tooShort: 'An answer needs at least 3 letters or digits.',
      tooLong: 'An answer can be at most 60 characters.',
      isPassword: 'An answer cannot be your password.',
    },
  },
  helpdesk: {
    title: 'Reset your password without e-mail',
    intro:
      'For applicants who cannot open their account e-mail: enter your NIK, family card (KK) number, date of birth and the answer to one of your security questions, then choose a new password.',
    link: 'Cannot open your e-mail? Reset with your security questions',
    nik: 'NIK',
    kk: "KK number (or the family head's NIK), as entered when creating the account",
    birthDate: 'Date of birth',
    question: 'Security question',
    answer: 'Answer',
    password: 'New password',
    confirm: 'Repeat the new password',
    submit: 'Reset password',
    done: 'Your password has been changed and every old session signed out. Sign in with the new password.',
    errors: {
      mismatch: 'The data do not match any account, or the answer is wrong. Check what you entered.',
      locked: 'Too many attempts for this NIK. Try again in an hour, or contact the SSCASN helpdesk.',
      rateLimited: 'Too many attempts from your network. Wait a minute and try again.',
    },
  },
}
