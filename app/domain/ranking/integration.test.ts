import { RULES_2024 } from '~/domain/selection/rules'
import { assignFinal, compareFinal, finalScore, skb100, type FinalCandidate, type FinalVacancy } from './integration'

const w = RULES_2024.integrationWeights
const th = RULES_2024.skdThresholds

const cand = (id: string, vacancyId: string, final: number, extra: Partial<FinalCandidate> = {}): FinalCandidate => ({
  applicationId: id,
  vacancyId,
  skd: { twk: 100, tiu: 100, tkp: 200 },
  final,
  gpa: 3.5,
  birthDate: '1998-01-01',
  skbAttendance: 'PRESENT',
  eliminated: false,
  ...extra,
})

describe('final integration (domain.md §6: "Final = (SKD / 550 × 100) × 40% + SKB₁₀₀ × 60%")', () => {
  test('SKD is divided by 550, not 500; SKB₁₀₀ weights the CAT (of 500) and the additional tests', () => {
    // SKD 440 → 80; SKB: CAT 400/500 = 80 × 50 % + psych 70 × 10 % + practice 90 × 30 % + interview 60 × 10 % = 80
    const skb = skb100({ cat: 400, catWeight: 50, additional: [{ score: 70, weight: 10 }, { score: 90, weight: 30 }, { score: 60, weight: 10 }] })
    expect(skb).toBeCloseTo(80, 10)
    expect(finalScore(440, skb, w)).toBe(80)
    expect(finalScore(550, 100, w)).toBe(100)
    expect(finalScore(500, 0, w)).toBeCloseTo(36.364, 3)
  })

  test('tie-break: "1. SKD total 2. TKP, then TIU, then TWK 3. GPA 4. Older age"', () => {
    const base = cand('x', 'v', 80)
    const higherSkd = cand('a', 'v', 80, { skd: { twk: 100, tiu: 100, tkp: 201 } })
    const betterTiu = cand('b', 'v', 80, { skd: { twk: 99, tiu: 101, tkp: 200 } })
    const betterGpa = cand('c', 'v', 80, { gpa: 3.9 })
    const older = cand('d', 'v', 80, { birthDate: '1995-05-05' })
    expect([base, older, betterGpa, betterTiu, higherSkd].sort(compareFinal).map((c) => c.applicationId)).toEqual(['a', 'b', 'c', 'd', 'x'])
    expect(compareFinal(cand('p', 'v', 80.001), higherSkd)).toBeLessThan(0) // the final score comes first
  })
})

describe('codes and optimalisasi (domain.md §6 "L", "L-1", "L-2"; Optimalisasi steps 1 and 2)', () => {
  const vacancies: FinalVacancy[] = [
    { id: 'umum-jkt', positionId: 'P1', positionGroup: 'AG:Analis', formasiTypeCode: 'UMUM', isGeneral: true, location: 'Jakarta', count: 3 },
    { id: 'cum-jkt', positionId: 'P1', positionGroup: 'AG:Analis', formasiTypeCode: 'CUMLAUDE', isGeneral: false, location: 'Jakarta', count: 1 },
    { id: 'umum-bdg', positionId: 'P1', positionGroup: 'AG:Analis', formasiTypeCode: 'UMUM', isGeneral: true, location: 'Bandung', count: 1 },
    { id: 'other', positionId: 'P9', positionGroup: 'AG:Other', formasiTypeCode: 'UMUM', isGeneral: true, location: 'Jakarta', count: 1 },
  ]
  test('the best of each vacancy pass (L); an unfilled general vacancy takes special-type candidates of the same position and location meeting the general NAB (L-1), then the same position elsewhere (L-2)', () => {
    const r = assignFinal(
      vacancies,
      [
        cand('u1', 'umum-jkt', 70), // only one general candidate in Jakarta: 2 seats open
        cand('c1', 'cum-jkt', 90),
        cand('c2', 'cum-jkt', 85),
        cand('c3', 'cum-jkt', 84, { skd: { twk: 60, tiu: 120, tkp: 200 } }), // fails the general TWK 65
        cand('b1', 'umum-bdg', 80),
        cand('b2', 'umum-bdg', 75),
        cand('o1', 'other', 99),
        cand('o2', 'other', 98),
      ],
      th,
    )
    const code = Object.fromEntries(r.map((x) => [x.applicationId, [x.code, x.assignedVacancyId]]))
    expect(code).toEqual({
      u1: ['L', 'umum-jkt'],
      c1: ['L', 'cum-jkt'],
      c2: ['L-1', 'umum-jkt'], // step 1
      c3: ['TL', null], // does not meet the general threshold
      b1: ['L', 'umum-bdg'],
      b2: ['L-2', 'umum-jkt'], // step 2: same position, other location
      o1: ['L', 'other'],
      o2: ['TL', null], // another position is never a donor
    })
  })

  test('absent (TH), disqualified (DIS) and eliminated (TL, gugur) candidates never pass, even with the best score', () => {
    const r = assignFinal(
      vacancies,
      [cand('a', 'other', 99, { skbAttendance: 'ABSENT' }), cand('d', 'other', 98, { skbAttendance: 'DISQUALIFIED' }), cand('e', 'other', 97, { eliminated: true }), cand('z', 'other', 10)],
      th,
    )
    expect(r.map((x) => [x.code, x.rank])).toEqual([['TH', null], ['DIS', null], ['TL', null], ['L', 1]])
  })
})
