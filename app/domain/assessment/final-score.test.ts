import { finalScore, isEliminated, needsAdjudication, scoreGap } from './final-score'

const base = { gapThreshold: 15, expectedPrimary: 2 }

describe('adjudication (issue 7, domain.md §5: "when the two scores differ by more than the configured threshold (default 15 points on 0–100), a third assessor adjudicates")', () => {
  test('a gap above the threshold needs a third assessor; a gap equal to it does not', () => {
    expect(scoreGap([60, 80])).toBe(20)
    expect(needsAdjudication([60, 80], 15)).toBe(true)
    expect(needsAdjudication([60, 75], 15)).toBe(false)
    expect(needsAdjudication([60.5, 75.75], 15)).toBe(true)
  })
  test('waits for every primary score, then for the adjudicator', () => {
    expect(finalScore({ ...base, rule: 'ADJUDICATOR', primary: [70] })).toEqual({ status: 'pending', waitingFor: 'primary' })
    expect(finalScore({ ...base, rule: 'ADJUDICATOR', primary: [50, 90] })).toEqual({ status: 'pending', waitingFor: 'adjudicator' })
  })
  test('scores within the threshold: the mean of the two, whatever the rule', () => {
    for (const rule of ['ADJUDICATOR', 'MEAN_CLOSEST_TWO', 'MEAN_ALL'] as const) {
      expect(finalScore({ ...base, rule, primary: [70, 81] })).toEqual({ status: 'final', score: 75.5, adjudicated: false })
    }
  })
})

describe('the final-score rule is configurable (issue 7: "e.g. the adjudicator\'s, or mean of the two closest")', () => {
  test("ADJUDICATOR: the adjudicator's score", () => {
    expect(finalScore({ ...base, rule: 'ADJUDICATOR', primary: [50, 90], adjudicator: 72 })).toEqual({ status: 'final', score: 72, adjudicated: true })
  })
  test('MEAN_CLOSEST_TWO: the mean of the two closest of the three scores', () => {
    expect(finalScore({ ...base, rule: 'MEAN_CLOSEST_TWO', primary: [50, 90], adjudicator: 84 })).toEqual({ status: 'final', score: 87, adjudicated: true })
    expect(finalScore({ ...base, rule: 'MEAN_CLOSEST_TWO', primary: [50, 90], adjudicator: 55 })).toEqual({ status: 'final', score: 52.5, adjudicated: true })
  })
  test('MEAN_CLOSEST_TWO: an adjudicator exactly in the middle takes the higher pair, never an arbitrary one', () => {
    expect(finalScore({ ...base, rule: 'MEAN_CLOSEST_TWO', primary: [50, 90], adjudicator: 70 })).toEqual({ status: 'final', score: 80, adjudicated: true })
  })
  test('MEAN_ALL: the mean of all three, to two decimals', () => {
    expect(finalScore({ ...base, rule: 'MEAN_ALL', primary: [50, 90], adjudicator: 71 })).toEqual({ status: 'final', score: 70.33, adjudicated: true })
  })
})

describe('eliminating tests (domain.md §5: "eliminating (gugur) criteria")', () => {
  test('below the pass score eliminates; at it passes; a non-eliminating test never eliminates', () => {
    expect(isEliminated(59.99, true, 60)).toBe(true)
    expect(isEliminated(60, true, 60)).toBe(false)
    expect(isEliminated(10, false, 60)).toBe(false)
  })
})
