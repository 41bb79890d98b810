import { BLUEPRINTS, getBlueprint, requiredItems, skbCatBlueprint } from './blueprints'

const sum = (mix: Record<1 | 2 | 3, number>) => mix[1] + mix[2] + mix[3]

describe('blueprints as data', () => {
  test('domain.md §3: SKD 2024 has TWK 30 / TIU 35 / TKP 45, 100 minutes, maximum 550', () => {
    const b = BLUEPRINTS.SKD_2024
    expect(b.subtests.map((s) => [s.code, s.itemCount, s.scoring, s.maxPerItem])).toEqual([
      ['TWK', 30, 'single', 5],
      ['TIU', 35, 'single', 5],
      ['TKP', 45, 'weighted', 5],
    ])
    expect(b.durationMinutes).toBe(100)
    expect(b.maxTotal).toBe(550)
  })

  test('domain.md §7: PPPK 2024 has 90/25/20/10 items, 120 + 10 minutes, maximum 670', () => {
    const b = BLUEPRINTS.PPPK_2024
    expect(b.subtests.map((s) => [s.code, s.itemCount, s.maxPerItem])).toEqual([
      ['TEKNIS', 90, 5],
      ['MANAJERIAL', 25, 4],
      ['SOSIOKULTURAL', 20, 4],
      ['WAWANCARA', 10, 4],
    ])
    expect(b.durationMinutes).toBe(130)
    expect(b.maxTotal).toBe(670)
  })

  test('domain.md §5: SKB CAT is 90 minutes with a raw maximum of 500, for any field', () => {
    expect(BLUEPRINTS.SKB_CAT_2024).toMatchObject({ testKind: 'SKB_CAT', durationMinutes: 90, maxTotal: 500 })
    const other = getBlueprint('SKB_CAT_2024:SKB_ANALIS_KEBIJAKAN')
    expect(other.subtests[0]!.code).toBe('SKB_ANALIS_KEBIJAKAN')
    expect(other.maxTotal).toBe(500)
    expect(skbCatBlueprint('SKB_PERAWAT').name).toContain('PERAWAT')
  })

  test('every subtest has a difficulty mix that sums to its item count, with every level present', () => {
    for (const b of Object.values(BLUEPRINTS)) {
      for (const s of b.subtests) {
        expect(sum(s.difficultyMix), `${b.code} ${s.code}`).toBe(s.itemCount)
        expect(Math.min(s.difficultyMix[1], s.difficultyMix[2], s.difficultyMix[3])).toBeGreaterThan(0)
      }
    }
    expect(BLUEPRINTS.SKD_2024.subtests[0]!.difficultyMix).toEqual({ 1: 9, 2: 12, 3: 9 })
  })

  test('requiredItems lists every subtest × difficulty, and an unknown code throws', () => {
    expect(requiredItems(BLUEPRINTS.SKD_2024)).toHaveLength(9)
    expect(getBlueprint('SKD_2024')).toBe(BLUEPRINTS.SKD_2024)
    expect(() => getBlueprint('SKD_1999')).toThrow(/Unknown blueprint/)
  })
})
