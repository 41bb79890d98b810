import { describe, expect, it } from 'vitest'
import { checkSecurityAnswers, normaliseAnswer } from './security-questions'

describe('security questions (domain.md §1 A.2: password plus 2 security questions)', () => {
  it('compares answers without case, spacing or punctuation', () => {
    expect(normaliseAnswer('  Siti   AMINAH. ')).toBe(normaliseAnswer('siti aminah'))
    expect(normaliseAnswer('SDN 01 Menteng')).toBe('sdn 01 menteng')
    expect(normaliseAnswer('Siti Aminah')).not.toBe(normaliseAnswer('Siti Amina'))
  })

  it('requires two different questions', () => {
    const problems = checkSecurityAnswers({ question1: 'firstPet', answer1: 'Kucing', question2: 'firstPet', answer2: 'Anjing' })
    expect(problems).toEqual([{ path: 'question2', message: 'security.errors.sameQuestion' }])
  })

  it('refuses answers that are too short once punctuation is removed, and the password as an answer', () => {
    const problems = checkSecurityAnswers({
      question1: 'firstPet',
      answer1: ' a. ',
      question2: 'firstSchool',
      answer2: 'Rahasia#2026',
      password: 'rahasia 2026',
    })
    expect(problems).toEqual([
      { path: 'answer1', message: 'security.errors.tooShort' },
      { path: 'answer2', message: 'security.errors.isPassword' },
    ])
  })

  it('accepts two distinct questions with real answers', () => {
    expect(
      checkSecurityAnswers({ question1: 'motherMaidenName', answer1: 'Siti Aminah', question2: 'firstSchool', answer2: 'SDN 01 Menteng', password: 'Kuat#Sekali2026' }),
    ).toEqual([])
  })
})
