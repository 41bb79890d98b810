import { BankItemSchema, hashableContent, isSubtestCode, publicItem, renderStem, subtestScoring, type BankItem } from './items'

const twk: BankItem = {
  id: 'twk-pancasila-0001',
  subtest: 'TWK',
  topic: 'pancasila',
  difficulty: 1,
  type: 'single',
  stem: 'Sila pertama Pancasila berbunyi …',
  options: [
    { id: 'A', text: 'Ketuhanan Yang Maha Esa' },
    { id: 'B', text: 'Persatuan Indonesia' },
    { id: 'C', text: 'Kemanusiaan yang adil dan beradab' },
  ],
  key: { correct: 'A' },
}
const tkp: BankItem = {
  id: 'tkp-pelayanan-0001',
  subtest: 'TKP',
  topic: 'pelayanan-publik',
  difficulty: 2,
  type: 'weighted',
  stem: 'Seorang warga mengeluh antrean panjang. Sikap Anda …',
  options: ['A', 'B', 'C', 'D', 'E'].map((id, i) => ({ id, text: `Pilihan ${i + 1}` })),
  key: { scores: { A: 1, B: 2, C: 3, D: 4, E: 5 } },
}
const errors = (item: unknown) => (BankItemSchema.safeParse(item).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`)

describe('item files (issue 6: "one correct option (5/0) or a score per option (1–5 for TKP, 1–4 for PPPK)")', () => {
  test('valid single and weighted items pass', () => {
    expect(errors(twk)).toEqual([])
    expect(errors(tkp)).toEqual([])
  })

  test('domain.md §3/§7: each subtest must use its scoring type (TWK single; TKP and PPPK managerial weighted)', () => {
    expect(subtestScoring('TKP')).toEqual({ type: 'weighted', min: 1, max: 5 })
    expect(subtestScoring('WAWANCARA')).toEqual({ type: 'weighted', min: 1, max: 4 })
    expect(subtestScoring('SKB_PRANATA_KOMPUTER')).toMatchObject({ type: 'single' })
    expect(errors({ ...tkp, subtest: 'TWK' })).toEqual(['type: TWK items must be of type "single"'])
  })

  test('a key that is not an option, or scores out of range, is named precisely', () => {
    expect(errors({ ...twk, key: { correct: 'E' } })).toEqual(['key.correct: key.correct "E" is not an option'])
    expect(errors({ ...tkp, key: { scores: { A: 1, B: 2, C: 3, D: 4, E: 6 } } })).toContain('key.scores.E: score 6 outside 1–5')
    expect(errors({ ...tkp, subtest: 'MANAJERIAL', key: { scores: { A: 1, B: 2, C: 3, D: 4, E: 5 } } })).toContain(
      'key.scores.E: score 5 outside 1–4',
    )
    expect(errors({ ...tkp, key: { scores: { A: 1, B: 2, C: 3, D: 4 } } })).toContain('key.scores.E: option E has no score')
    expect(errors({ ...tkp, key: { scores: { A: 1, B: 2, C: 3, D: 4, E: 4 } } })).toContain('key.scores: no option scores the maximum 5')
  })

  test('duplicate option ids, bad ids, unknown subtests and stray fields are refused', () => {
    expect(errors({ ...twk, options: [twk.options[0], { ...twk.options[1], id: 'A' }] })).toContain('options: option ids must be unique')
    expect(errors({ ...twk, id: 'TWK 1' })).toContain('id: id must be lowercase letters, digits and dashes')
    expect(errors({ ...twk, subtest: 'SKB_' })).toHaveLength(1)
    expect(errors({ ...twk, answer: 'A' })).toHaveLength(1)
    expect(isSubtestCode('SKB_PERAWAT_AHLI')).toBe(true)
    expect(isSubtestCode('skb_perawat')).toBe(false)
  })

  test('the content hash input ignores topic and difficulty but changes with stem, options or key', () => {
    expect(hashableContent({ ...twk })).toBe(hashableContent({ ...twk, topic: 'other', difficulty: 3 } as BankItem))
    expect(hashableContent({ ...twk, key: { correct: 'B' } })).not.toBe(hashableContent(twk))
    expect(hashableContent({ ...tkp, key: { scores: { E: 5, D: 4, C: 3, B: 2, A: 1 } } })).toBe(hashableContent(tkp))
  })
})

describe('rendering a stem (Markdown, images allowed, no raw HTML)', () => {
  test('Markdown becomes HTML, raw HTML is escaped', () => {
    expect(renderStem('**Pancasila** <script>alert(1)</script>')).toBe(
      '<p><strong>Pancasila</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    )
  })

  test('images come only from the bank media; external or climbing paths become their alt text', () => {
    expect(renderStem('![Grafik](media/tiu/grafik-1.png)')).toContain('src="/bank-media/tiu/grafik-1.png"')
    expect(renderStem('![pelacak](https://evil.example/x.png)')).not.toContain('<img')
    expect(renderStem('![naik](../../etc/passwd)')).not.toContain('<img')
  })

  test('links are not rendered as links', () => {
    expect(renderStem('[kunci](https://example.com)')).not.toContain('<a')
  })
})

describe('the key-free view (issue 6: "Keys and scores per option never leave the server while an exam is open")', () => {
  test('publicItem keeps stem and options and drops the key and any other column', () => {
    const row = { id: 'v1', itemId: twk.id, version: 2, type: 'single', stem: twk.stem, options: twk.options, key: twk.key, contentHash: 'abc' }
    const view = publicItem(row)
    expect(view).toEqual({ versionId: 'v1', itemId: twk.id, version: 2, type: 'single', stem: twk.stem, options: twk.options })
    expect(JSON.stringify(view)).not.toMatch(/correct|scores|contentHash/)
  })
})
