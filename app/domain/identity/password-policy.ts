/**
 * The password rule shown to every user and enforced on the server. Length over composition
 * (OWASP ASVS 2.1): at least 10 characters, letters and digits, not a common password, and not
 * built from the user's own e-mail.
 */
export type PasswordProblem =
  | 'password.tooShort'
  | 'password.tooLong'
  | 'password.needsLetterAndDigit'
  | 'password.tooCommon'
  | 'password.containsEmail'

const COMMON = new Set([
  'password123', 'password1234', 'qwerty12345', '1234567890a', 'a1234567890', 'indonesia123',
  'indonesia2024', 'indonesia2026', 'bismillah123', 'cpns2024cpns', 'passw0rd123', 'admin123456',
  'sscasn12345', 'jakarta12345', 'merdeka1945', 'garuda12345',
])

export function checkPassword(password: string, email?: string): PasswordProblem | null {
  if (password.length < 10) return 'password.tooShort'
  if (password.length > 128) return 'password.tooLong'
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'password.needsLetterAndDigit'
  if (COMMON.has(password.toLowerCase())) return 'password.tooCommon'
  const local = email?.split('@')[0]?.toLowerCase()
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return 'password.containsEmail'
  return null
}
