import { RULES_2024 } from './rules'
import {
  SearchFormSchema,
  competitionRatio,
  competitivenessVisible,
  effectiveAgeLimits,
  escapeLike,
  matchLocations,
  matchStudyProgrammes,
  pageWindow,
  planPage,
  searchWords,
  seekByName,
  studyProgrammeNameKey,
} from './vacancy-search'

describe('search form', () => {
  test('empty fields mean no filter; page is a number', () => {
    const r = SearchFormSchema.safeParse({ prodi: '  ', q: 'analis', halaman: '3', pendidikan: '' })
    expect(r.success).toBe(true)
    expect(r.data).toEqual({ prodi: undefined, q: 'analis', halaman: 3, pendidikan: undefined })
  })

  test('an unknown education level, an over-long text or page 0 are refused with i18n keys', () => {
    const r = SearchFormSchema.safeParse({ pendidikan: 'S9', q: 'x'.repeat(101), halaman: '0' })
    expect(r.success).toBe(false)
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]))
    expect(messages).toEqual({ pendidikan: 'search.errors.educationLevel', q: 'search.errors.tooLong', halaman: 'search.errors.page' })
  })
})

describe('query text', () => {
  test('position-name words are lower-cased, de-duplicated and single letters dropped', () => {
    expect(searchWords('  Analis  HUKUM analis a ')).toEqual(['analis', 'hukum'])
    expect(searchWords('')).toEqual([])
    expect(searchWords('a b c d e f g h i j k')).toEqual([])
    expect(searchWords('satu dua tiga empat lima enam tujuh')).toHaveLength(6)
  })

  test('LIKE wildcards in the visitor text are escaped, not interpreted', () => {
    expect(escapeLike('100%_ok\\')).toBe('100\\%\\_ok\\\\')
  })
})

describe('study programme and location matching', () => {
  const programmes = [
    { code: 'S1-HUK', name: 'Ilmu Hukum' },
    { code: 'S1-HES', name: 'Hukum Ekonomi Syariah' },
    { code: 'S2-HUK', name: 'Magister Ilmu Hukum' },
    { code: 'D3-AK', name: 'Akuntansi' },
    { code: 'S1-AK', name: 'Akuntansi' },
  ]

  test('an exact name or code wins over names that merely contain it', () => {
    expect(matchStudyProgrammes('ilmu  hukum', programmes)).toEqual(['S1-HUK'])
    expect(matchStudyProgrammes('s2-huk', programmes)).toEqual(['S2-HUK'])
  })

  test('the same name at several levels means all of them', () => {
    expect(matchStudyProgrammes('Akuntansi', programmes)).toEqual(['D3-AK', 'S1-AK'])
  })

  test('part of a name finds every programme containing it; nothing found is empty', () => {
    expect(matchStudyProgrammes('hukum', programmes)).toEqual(['S1-HUK', 'S1-HES', 'S2-HUK'])
    expect(matchStudyProgrammes('kedokteran', programmes)).toEqual([])
    expect(matchStudyProgrammes('  ', programmes)).toEqual([])
  })

  test('only an exact programme name (not a code, not part of a name) is a name key', () => {
    expect(studyProgrammeNameKey(' Ilmu  HUKUM ', programmes)).toBe('ilmu hukum')
    expect(studyProgrammeNameKey('Akuntansi', programmes)).toBe('akuntansi')
    expect(studyProgrammeNameKey('S1-HUK', programmes)).toBeNull()
    expect(studyProgrammeNameKey('hukum', programmes)).toBeNull()
  })

  test('locations: exact first, else containing', () => {
    const locations = ['Kabupaten Bandung', 'Kabupaten Bandung Barat', 'Kota Bandung', 'Kota Jayapura']
    expect(matchLocations('kota bandung', locations)).toEqual(['Kota Bandung'])
    expect(matchLocations('Bandung', locations)).toEqual(['Kabupaten Bandung', 'Kabupaten Bandung Barat', 'Kota Bandung'])
    expect(matchLocations('Merauke', locations)).toEqual([])
  })
})

describe('pages', () => {
  test('pages are cut by size; a page past the end shows the last one', () => {
    expect(pageWindow(45, 2, 20)).toEqual({ page: 2, pageSize: 20, pageCount: 3, offset: 20 })
    expect(pageWindow(45, 9, 20)).toEqual({ page: 3, pageSize: 20, pageCount: 3, offset: 40 })
    expect(pageWindow(0, 5, 20)).toEqual({ page: 1, pageSize: 20, pageCount: 1, offset: 0 })
  })

  test('page size is at most 50 and at least 1', () => {
    expect(pageWindow(1000, 1, 500).pageSize).toBe(50)
    expect(pageWindow(1000, 1, 0).pageSize).toBe(1)
    expect(pageWindow(1000, undefined, undefined).pageSize).toBe(20)
  })

  const blocks = [
    { agencyId: 'a', count: 5 },
    { agencyId: 'b', count: 3 },
    { agencyId: 'c', count: 1000 },
    { agencyId: 'd', count: 2 },
    { agencyId: 'e', count: 4 },
  ]

  test('a page is read only from the agencies it touches, starting at the right row', () => {
    // rows 0-4 are a, 5-7 b, 8-1007 c, 1008-1009 d, 1010-1013 e
    expect(planPage(blocks, 0, 4)).toEqual([{ agencyIds: ['a'], skip: 0, take: 4 }])
    expect(planPage(blocks, 3, 10)).toEqual([
      { agencyIds: ['a', 'b'], skip: 3, take: 5 },
      { agencyIds: ['c'], skip: 0, take: 5 },
    ])
    expect(planPage(blocks, 500, 20)).toEqual([{ agencyIds: ['c'], skip: 492, take: 20 }])
    expect(planPage(blocks, 1000, 20)).toEqual([
      { agencyIds: ['c'], skip: 992, take: 8 },
      { agencyIds: ['d', 'e'], skip: 0, take: 6 },
    ])
  })

  test('the segments of every page add up to exactly the results, each once', () => {
    const total = blocks.reduce((s, b) => s + b.count, 0)
    let seen = 0
    for (let offset = 0; offset < total; offset += 7) {
      const taken = planPage(blocks, offset, 7).reduce((s, seg) => s + seg.take, 0)
      expect(taken).toBe(Math.min(7, total - offset))
      seen += taken
    }
    expect(seen).toBe(total)
    expect(planPage(blocks, total, 20)).toEqual([])
  })
})

describe('deep pages inside a large agency', () => {
  const names = [
    { name: 'Analis Hukum', count: 300 },
    { name: 'Arsiparis', count: 2 },
    { name: 'Penjaga Tahanan', count: 500 },
  ]

  test('a deep offset starts at the position name it falls in, skipping only rows of that name', () => {
    expect(seekByName(names, 0)).toEqual({ fromName: 'Analis Hukum', skip: 0 })
    expect(seekByName(names, 299)).toEqual({ fromName: 'Analis Hukum', skip: 299 })
    expect(seekByName(names, 300)).toEqual({ fromName: 'Arsiparis', skip: 0 })
    expect(seekByName(names, 303)).toEqual({ fromName: 'Penjaga Tahanan', skip: 1 })
    expect(seekByName(names, 802)).toBeNull()
  })
})

describe('what the public sees', () => {
  const now = new Date('2026-08-20T10:08:45Z')

  test('competitiveness is shown only from the moment registration opens', () => {
    expect(competitivenessVisible(null, now)).toBe(false)
    expect(competitivenessVisible(new Date('2026-08-20T10:08:46Z'), now)).toBe(false)
    expect(competitivenessVisible(new Date('2026-08-20T10:08:45Z'), now)).toBe(true)
  })

  test('applicants per vacancy', () => {
    expect(competitionRatio(125, 3)).toBe(42)
    expect(competitionRatio(0, 3)).toBe(0)
    expect(competitionRatio(10, 0)).toBeNull()
  })

  test("a position's age limits override the period's rules; otherwise the rules for its kind apply", () => {
    expect(effectiveAgeLimits({ minAge: null, maxAge: null }, RULES_2024, 'CPNS')).toEqual({ min: 18, max: 35, source: 'rules' })
    expect(effectiveAgeLimits({ minAge: null, maxAge: null }, RULES_2024, 'PPPK')).toEqual({ min: 20, max: null, source: 'rules' })
    expect(effectiveAgeLimits({ minAge: null, maxAge: 40 }, RULES_2024, 'CPNS')).toEqual({ min: 18, max: 40, source: 'position' })
  })
})
