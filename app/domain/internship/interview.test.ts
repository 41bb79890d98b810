import { DEFAULT_INTERVIEW_RUBRIC, parseInterviewSetup } from './interview'

const base = { rubric: DEFAULT_INTERVIEW_RUBRIC, assessorsPerCandidate: '2', gapThreshold: '15', finalScoreRule: 'MEAN_CLOSEST_TWO', assessorIds: ['a', 'b'] }

describe('setting up an internship interview (ADR 019 addendum)', () => {
  test('the default rubric has four competencies, each with the anchored levels', () => {
    const result = parseInterviewSetup(base)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.setup.rubric.map((c) => c.name)).toEqual(['Motivasi dan kesesuaian minat', 'Penguasaan dasar bidang studi', 'Komunikasi', 'Kesiapan kerja dan etika'])
    expect(result.setup.rubric[0]!.anchors).toHaveLength(4)
    expect(result.setup.assessorsPerCandidate).toBe(2)
  })
  test('fewer interviewers than each candidate needs is refused', () => {
    expect(parseInterviewSetup({ ...base, assessorIds: ['a'] })).toEqual({ ok: false, error: 'internshipRules.interview.errors.tooFewAssessors' })
    expect(parseInterviewSetup({ ...base, assessorsPerCandidate: '1', assessorIds: ['a'] }).ok).toBe(true)
  })
  test('a malformed rubric line and an unknown final-score rule are named', () => {
    expect(parseInterviewSetup({ ...base, rubric: 'Komunikasi\nInisiatif | 0-40 tanpa titik dua' })).toEqual({ ok: false, error: 'internshipRules.interview.errors.rubricLine', line: 2 })
    expect(parseInterviewSetup({ ...base, finalScoreRule: 'MAX' })).toEqual({ ok: false, error: 'internshipRules.interview.errors.finalScoreRule' })
    expect(parseInterviewSetup({ ...base, assessorsPerCandidate: '4', assessorIds: ['a', 'b', 'c', 'd'] })).toEqual({ ok: false, error: 'internshipRules.interview.errors.assessorsPerCandidate' })
  })
})
