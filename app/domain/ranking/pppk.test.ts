import { comparePppk, pppkGroup, rankPppkGroup, type PppkCandidate } from './pppk'

const c = (id: string, group: PppkCandidate['group'], technical: number, managerial = 100, socioCultural = 50, interview = 30, birthDate = '1990-01-01'): PppkCandidate => ({
  applicationId: id,
  group,
  technical,
  managerial,
  socioCultural,
  interview,
  birthDate,
})

describe('PPPK (domain.md §7)', () => {
  test('"Priority beats score": an ex-THK-II candidate with a lower score passes before a general candidate with a higher one', () => {
    const r = rankPppkGroup([c('general-high', 'GENERAL', 400), c('thk2-low', 'EX_THK_II', 200)], 1)
    expect(r).toEqual([
      { applicationId: 'thk2-low', rank: 1, code: 'L' },
      { applicationId: 'general-high', rank: 2, code: 'TL' },
    ])
  })

  test('"ex-THK-II, then non-ASN staff in the BKN database (≥2 years, applying only at their current agency), then others"', () => {
    expect(pppkGroup({ exThk2: true, nonAsnYears: null, nonAsnAgencyId: null, teacherPriority: false }, 'AG1')).toBe('EX_THK_II')
    expect(pppkGroup({ exThk2: false, nonAsnYears: 2, nonAsnAgencyId: 'AG1', teacherPriority: false }, 'AG1')).toBe('NON_ASN_DATABASE')
    expect(pppkGroup({ exThk2: false, nonAsnYears: 1, nonAsnAgencyId: 'AG1', teacherPriority: false }, 'AG1')).toBe('GENERAL')
    expect(pppkGroup({ exThk2: false, nonAsnYears: 5, nonAsnAgencyId: 'AG2', teacherPriority: false }, 'AG1')).toBe('GENERAL')
    expect(pppkGroup({ exThk2: false, nonAsnYears: null, nonAsnAgencyId: null, teacherPriority: true }, 'AG1')).toBe('TEACHER_PRIORITY')
    expect(pppkGroup(null, 'AG1')).toBe('GENERAL')
    const order = [c('g', 'GENERAL', 450), c('t', 'TEACHER_PRIORITY', 300), c('n', 'NON_ASN_DATABASE', 250), c('x', 'EX_THK_II', 100)].sort(comparePppk)
    expect(order.map((x) => x.applicationId)).toEqual(['x', 'n', 't', 'g'])
  })

  test('"No passing grade": everyone up to the vacancy count passes, however low the score', () => {
    expect(rankPppkGroup([c('a', 'GENERAL', 5, 0, 0, 0)], 1)[0]!.code).toBe('L')
  })

  test('tie-break (Pasal 47): "technical, then managerial + socio-cultural, then interview, then older age"', () => {
    // All four have total 420.
    const technical = c('technical', 'GENERAL', 260, 100, 50, 10)
    const manSoc = c('manSoc', 'GENERAL', 250, 110, 50, 10)
    const interview = c('interview', 'GENERAL', 250, 100, 50, 20)
    const older = c('older', 'GENERAL', 250, 100, 50, 20, '1980-01-01')
    expect([interview, manSoc, older, technical].sort(comparePppk).map((x) => x.applicationId)).toEqual(['technical', 'manSoc', 'older', 'interview'])
  })
})
