import { assessorTotal, parseRubricText, rubricToText, submissionSchema } from './rubric'

describe('rubric (issue 7: "competencies, each on 0–100 with anchored level descriptions")', () => {
  test('a line per competency, with its anchors; a bare name gets the default anchors', () => {
    const r = parseRubricText('Integritas | 0-50: Tidak konsisten | 51-100: Konsisten\nKomunikasi')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.rubric.map((c) => c.key)).toEqual(['integritas', 'komunikasi'])
    expect(r.rubric[0]!.anchors).toEqual([{ min: 0, max: 50, text: 'Tidak konsisten' }, { min: 51, max: 100, text: 'Konsisten' }])
    expect(r.rubric[1]!.anchors).toHaveLength(4)
    expect(parseRubricText(rubricToText(r.rubric))).toEqual(r)
  })
  test('a malformed anchor names its line; an empty rubric is refused', () => {
    expect(parseRubricText('Integritas\nKomunikasi | baik')).toEqual({ ok: false, line: 2 })
    expect(parseRubricText('Integritas | 90-10: terbalik')).toEqual({ ok: false, line: 1 })
    expect(parseRubricText('  \n')).toEqual({ ok: false, line: 0 })
  })
  test('every competency needs a score of 0–100 and a written justification', () => {
    const r = parseRubricText('Integritas')
    if (!r.ok) throw new Error()
    const schema = submissionSchema(r.rubric)
    expect(schema.safeParse({ score_integritas: '75', justification_integritas: 'Jawaban konsisten dengan contoh perilaku.' }).success).toBe(true)
    expect(schema.safeParse({ score_integritas: '75', justification_integritas: 'baik' }).success).toBe(false)
    expect(schema.safeParse({ score_integritas: '101', justification_integritas: 'Jawaban konsisten dengan contoh perilaku.' }).success).toBe(false)
    expect(assessorTotal([{ key: 'a', score: 70, justification: '' }, { key: 'b', score: 75, justification: '' }, { key: 'c', score: 80, justification: '' }])).toBe(75)
  })
})
