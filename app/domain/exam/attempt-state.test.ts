import { acceptsAnswers, ATTEMPT_STATES, CLOSED_STATES, isClosed, canTransition, currentAnswers, deadlineOf, nextState, resumedDeadline, secondsLeft, TransitionError } from './attempt-state'

describe('attempt state machine (CONVENTIONS.md: named states, disallowed transitions throw)', () => {
  test('an attempt runs NOT_STARTED → IN_PROGRESS ⇄ PAUSED → FINISHED → SCORED', () => {
    expect(nextState('start', 'NOT_STARTED')).toBe('IN_PROGRESS')
    expect(nextState('pause', 'IN_PROGRESS')).toBe('PAUSED')
    expect(nextState('resume', 'PAUSED')).toBe('IN_PROGRESS')
    expect(nextState('finish', 'IN_PROGRESS')).toBe('FINISHED')
    expect(nextState('score', 'FINISHED')).toBe('SCORED')
    expect(nextState('score', 'AUTO_SUBMITTED')).toBe('SCORED')
  })

  test('a finished, paused or absent attempt cannot be finished, started or answered again', () => {
    expect(() => nextState('finish', 'FINISHED')).toThrow(TransitionError)
    expect(() => nextState('start', 'SCORED')).toThrow(TransitionError)
    expect(() => nextState('autoSubmit', 'PAUSED')).toThrow(TransitionError)
    expect(canTransition('start', 'ABSENT')).toBe(false)
    expect(canTransition('markAbsent', 'IN_PROGRESS')).toBe(false)
  })
})

describe('domain.md §3 "Faults: the timer pauses" — the server deadline', () => {
  test('deadline = start + duration + accommodation minutes', () => {
    const start = new Date('2026-12-03T00:30:00Z')
    expect(deadlineOf(start, 100, 30).toISOString()).toBe('2026-12-03T02:40:00.000Z')
  })

  test('a pause is credited in full when the attempt resumes', () => {
    const deadline = new Date('2026-12-03T02:10:00Z')
    expect(resumedDeadline(deadline, new Date('2026-12-03T01:00:00Z'), new Date('2026-12-03T01:07:30Z')).toISOString()).toBe(
      '2026-12-03T02:17:30.000Z',
    )
    expect(secondsLeft(deadline, new Date('2026-12-03T02:11:00Z'))).toBe(0)
  })
})

describe('answers are steps only ever added (CONVENTIONS.md, Moodle question_attempt_step)', () => {
  test('the step with the highest seq wins, whatever order the steps arrived in', () => {
    const answers = currentAnswers([
      { seq: 3, position: 1, optionId: 'C' },
      { seq: 1, position: 1, optionId: 'A' },
      { seq: 2, position: 2, optionId: 'B' },
      { seq: 4, position: 2, optionId: null },
    ])
    expect(answers.get(1)).toBe('C')
    expect(answers.get(2)).toBeNull()
    expect(answers.has(3)).toBe(false)
  })
})

describe('disqualification (DIS, domain.md §3 "violators are disqualified")', () => {
  test('a checked-in, running, paused, finished or scored attempt can be disqualified; DIS is final', () => {
    for (const from of ['NOT_STARTED', 'IN_PROGRESS', 'PAUSED', 'FINISHED', 'AUTO_SUBMITTED', 'SCORED'] as const) {
      expect(nextState('disqualify', from)).toBe('DISQUALIFIED')
    }
    expect(canTransition('disqualify', 'ABSENT')).toBe(false)
    expect(canTransition('disqualify', 'DISQUALIFIED')).toBe(false)
    expect(canTransition('start', 'DISQUALIFIED')).toBe(false)
    expect(canTransition('score', 'DISQUALIFIED')).toBe(false)
    expect(isClosed('DISQUALIFIED')).toBe(true)
    expect(acceptsAnswers('DISQUALIFIED')).toBe(false)
  })
})

describe('closed states (what the storage cleanup may drop the prepared start of)', () => {
  test('no transition leads from a closed state back to a running one, and every other state can still run', () => {
    const running = ['IN_PROGRESS', 'PAUSED']
    const transitions = ['start', 'pause', 'resume', 'finish', 'autoSubmit', 'score', 'regrade', 'markAbsent', 'disqualify'] as const
    for (const state of ATTEMPT_STATES) {
      const reachesRunning = transitions.some((t) => canTransition(t, state) && running.includes(nextState(t, state)))
      const closed = (CLOSED_STATES as readonly string[]).includes(state)
      expect(isClosed(state), state).toBe(closed)
      expect(closed ? reachesRunning : false, state).toBe(false)
      if (!closed) expect(running.includes(state) || reachesRunning, state).toBe(true)
    }
  })
})
