import { parseBankFile } from './bank-files'

const item = (over: Record<string, unknown> = {}) => ({
  id: 'twk-sejarah-0001',
  difficulty: 2,
  stem: 'Sumpah Pemuda diikrarkan pada tanggal …',
  options: [
    { id: 'A', text: '28 Oktober 1928' },
    { id: 'B', text: '20 Mei 1908' },
    { id: 'C', text: '17 Agustus 1945' },
  ],
  key: { correct: 'A' },
  ...over,
})
const file = (items: unknown[], head: Record<string, unknown> = {}) => JSON.stringify({ subtest: 'TWK', topic: 'sejarah', items, ...head })

describe('bank files (issue 6: "Validated by zod"; bank:sync "validates every file (zod; report file + error)")', () => {
  test('items take subtest, topic and type from the file', () => {
    const r = parseBankFile('question-bank/TWK/sejarah.json', file([item()]))
    expect(r.errors).toEqual([])
    expect(r.items[0]).toMatchObject({ id: 'twk-sejarah-0001', subtest: 'TWK', topic: 'sejarah', type: 'single' })
  })

  test('an error names the file, the item and the field; valid items of the same file still load', () => {
    const r = parseBankFile('question-bank/TWK/sejarah.json', file([item(), item({ id: 'twk-sejarah-0002', key: { correct: 'D' } })]))
    expect(r.items).toHaveLength(1)
    expect(r.errors).toEqual([{ file: 'question-bank/TWK/sejarah.json', message: 'item twk-sejarah-0002: key.correct: key.correct "D" is not an option' }])
  })

  test('broken JSON, a missing header or a file in the wrong folder is reported', () => {
    expect(parseBankFile('q/TWK/a.json', '{ "subtest": ').errors[0]!.message).toMatch(/^not valid JSON/)
    expect(parseBankFile('q/TWK/a.json', JSON.stringify({ items: [item()] })).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^subtest: /),
      expect.stringMatching(/^topic: /),
    ])
    expect(parseBankFile('q/TIU/a.json', file([item()])).errors[0]!.message).toBe('file says subtest TWK but lies in folder TIU')
  })
})
