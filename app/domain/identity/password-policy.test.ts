import { checkPassword } from './password-policy'

describe('password rule', () => {
  test.each([
    ['short1', 'password.tooShort'],
    ['abcdefghijkl', 'password.needsLetterAndDigit'],
    ['123456789012', 'password.needsLetterAndDigit'],
    ['Indonesia2026', 'password.tooCommon'],
    ['x'.repeat(120) + '123456789', 'password.tooLong'],
  ])('%s is refused (%s)', (pw, problem) => {
    expect(checkPassword(pw)).toBe(problem)
  })
  test('a password built from the e-mail is refused', () => {
    expect(checkPassword('budisantoso99', 'budisantoso@example.id')).toBe('password.containsEmail')
  })
  test('a long mixed password passes', () => {
    expect(checkPassword('Demo#Portal2026', 'nasional@demo.test')).toBeNull()
  })
})
