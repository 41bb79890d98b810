import { prisma } from '~/utils/db.server'
import { RULES_2024 } from '~/domain/selection/rules'
import {
  clearSearchCache,
  getPositionDetail,
  listSearchPeriods,
  searchFacets,
  searchVacancies,
  warmSearchCache,
  type SearchParams,
} from '~/models/vacancy-search.server'
import { loader as searchLoader } from '~/routes/formasi._index'
import { loader as positionLoader } from '~/routes/formasi.$positionId'

/**
 * A small published formation: two periods that are public (2026, and an older 2025), one draft
 * period that is not, three agencies, and one agency large enough (210 vacancies) that a page is
 * read from it alone. Every search is checked against what a person would count by hand.
 */
const NOW = new Date('2026-09-01T03:00:00Z')
let periodId: string
let positions: Record<string, string> = {}
let vacancies: Record<string, string> = {}

async function position(
  key: string,
  data: {
    agencyId: string
    code: string
    name: string
    unit?: string
    levels: string[]
    programmes?: string[]
    isActive?: boolean
    minAge?: number | null
    maxAge?: number | null
    minGpa?: number | null
    catWeight?: number
    period?: string
  },
  vacs: [type: string, location: string, count: number, applicants?: number, isActive?: boolean][],
) {
  const p = await prisma.position.create({
    data: {
      periodId: data.period ?? periodId,
      agencyId: data.agencyId,
      code: data.code,
      name: data.name,
      unit: data.unit ?? 'Sekretariat',
      educationLevels: data.levels,
      isActive: data.isActive ?? true,
      minAge: data.minAge ?? null,
      maxAge: data.maxAge ?? null,
      minGpa: data.minGpa ?? null,
      catWeight: data.catWeight ?? 100,
      studyPrograms: { create: (data.programmes ?? []).map((code) => ({ studyProgramCode: code })) },
    },
  })
  positions[key] = p.id
  for (const [type, location, count, applicants, isActive] of vacs) {
    const v = await prisma.vacancy.create({
      data: { positionId: p.id, formasiTypeCode: type, location, count, applicantCount: applicants ?? 0, isActive: isActive ?? true },
    })
    vacancies[`${key}:${type}:${location}`] = v.id
  }
  return p.id
}

const search = (params: Omit<SearchParams, 'now'> = {}) => searchVacancies({ now: NOW, pageSize: 50, ...params })

/** Every result of a search, page after page (so it also exercises the paging). */
async function all(params: Omit<SearchParams, 'now' | 'page' | 'pageSize'> = {}, pageSize = 50) {
  const first = await search({ ...params, pageSize })
  const rows = [...first.results]
  for (let page = 2; page <= first.pageCount; page++) rows.push(...(await search({ ...params, page, pageSize })).results)
  return { total: first.total, rows }
}

beforeAll(async () => {
  for (const [i, [code, name]] of [
    ['UMUM', 'Umum'],
    ['CUMLAUDE', 'Lulusan Terbaik (Cumlaude)'],
    ['DISABILITAS', 'Penyandang Disabilitas'],
  ].entries()) {
    await prisma.formasiType.create({ data: { code: code!, name: name!, isSpecial: code !== 'UMUM', sortOrder: i } })
  }
  await prisma.studyProgram.createMany({
    data: [
      { code: 'S1-HUK', name: 'Ilmu Hukum', level: 'S1' },
      { code: 'S1-HES', name: 'Hukum Ekonomi Syariah', level: 'S1' },
      { code: 'S1-TI', name: 'Teknik Informatika', level: 'S1' },
      { code: 'S1-AK', name: 'Akuntansi', level: 'S1' },
      { code: 'D3-AK', name: 'Akuntansi', level: 'D3' },
      { code: 'S1-PGSD', name: 'Pendidikan Guru Sekolah Dasar', level: 'S1' },
    ],
  })
  const period = await prisma.selectionPeriod.create({
    data: { code: 'CPNS-2026-UJI', name: 'CPNS 2026 Uji', kind: 'CPNS', year: 2026, status: 'PUBLISHED', ageCutoffDate: new Date('2026-08-01') },
  })
  periodId = period.id
  // Registration opens after NOW: competitiveness is not public yet.
  await prisma.scheduleWindow.create({
    data: { periodId, kind: 'REGISTRATION', opensAt: new Date('2026-09-10T01:00:00Z'), closesAt: new Date('2026-09-30T16:59:59Z') },
  })
  const rules = { ...RULES_2024, ageLimits: { CPNS: { min: 18, max: 35 }, PPPK: { min: 20, max: null } }, integrationWeights: { skdPercent: 40, skbPercent: 60 } }
  await prisma.ruleVersion.create({ data: { periodId, version: 1, rules: { ...rules, integrationWeights: { skdPercent: 50, skbPercent: 50 } } } })
  await prisma.ruleVersion.create({ data: { periodId, version: 2, rules } })

  const kemenkum = await prisma.agency.create({ data: { code: 'KEMENKUM', name: 'Kementerian Hukum', kind: 'CENTRAL' } })
  const kemenkes = await prisma.agency.create({ data: { code: 'KEMENKES', name: 'Kementerian Kesehatan', kind: 'CENTRAL' } })
  const pemkot = await prisma.agency.create({ data: { code: 'PEMKOT-BDG', name: 'Pemerintah Kota Bandung', kind: 'REGIONAL' } })
  const big = await prisma.agency.create({ data: { code: 'KEMENDIKDASMEN', name: 'Kementerian Pendidikan Dasar dan Menengah', kind: 'CENTRAL' } })

  await position('analis', { agencyId: kemenkum.id, code: 'AH-1', name: 'Analis Hukum Ahli Pertama', unit: 'Kantor Wilayah Jawa Barat', levels: ['S1'], programmes: ['S1-HUK', 'S1-HES'], minGpa: 3, maxAge: 32 }, [
    ['UMUM', 'Kota Bandung', 3, 125],
    ['CUMLAUDE', 'Kota Bandung', 1, 9],
    ['DISABILITAS', 'Kota Jayapura', 1, 2],
  ])
  await prisma.positionDocument.createMany({
    data: [
      { positionId: positions.analis!, code: 'IJAZAH', label: 'Ijazah', format: 'PDF', maxKb: 800, sortOrder: 2 },
      { positionId: positions.analis!, code: 'PAS_FOTO', label: 'Pas foto berlatar merah', format: 'JPG', maxKb: 200, sortOrder: 1 },
      { positionId: positions.analis!, code: 'SERTIFIKAT', label: 'Sertifikat pendukung', format: 'PDF', maxKb: 800, sortOrder: 3, required: false },
    ],
  })
  await prisma.positionSkbTest.createMany({
    data: [
      { positionId: positions.analis!, type: 'PSIKOTES', weight: 10, eliminating: true, criterion: 'Memenuhi syarat (MS)' },
      { positionId: positions.analis!, type: 'PRAKTIK_KERJA', weight: 30, eliminating: false },
      { positionId: positions.analis!, type: 'WAWANCARA', weight: 10, eliminating: false },
    ],
  })
  await prisma.position.update({ where: { id: positions.analis! }, data: { catWeight: 50 } })

  await position('penjaga', { agencyId: kemenkum.id, code: 'PT-1', name: 'Penjaga Tahanan', levels: ['SMA'] }, [
    ['UMUM', 'Kota Bandung', 40, 800],
    // A withdrawn vacancy of an active position.
    ['UMUM', 'Kabupaten Merauke', 5, 0, false],
  ])
  // A withdrawn position (a later formation version dropped it): never shown, even with an active vacancy.
  await position('ditarik', { agencyId: kemenkum.id, code: 'AH-2', name: 'Analis Hukum Ahli Muda', levels: ['S1', 'S2'], programmes: ['S1-HUK'], isActive: false }, [
    ['UMUM', 'Kota Bandung', 2],
  ])
  await position('perawat', { agencyId: kemenkes.id, code: 'PR-1', name: 'Perawat Terampil', levels: ['D3'], programmes: [] }, [
    ['UMUM', 'Kabupaten Bandung', 20, 60],
    ['DISABILITAS', 'Kabupaten Bandung', 1],
  ])
  await position('pranata', { agencyId: pemkot.id, code: 'PK-1', name: 'Pranata Komputer Ahli Pertama', levels: ['S1', 'D4'], programmes: ['S1-TI'] }, [
    ['UMUM', 'Kota Bandung', 6],
  ])
  await position('keuangan', { agencyId: pemkot.id, code: 'PKA-1', name: 'Pengelola Keuangan 100% Akurat', levels: ['D3', 'S1'], programmes: ['D3-AK', 'S1-AK'] }, [
    ['UMUM', 'Kota Bandung', 2],
  ])
  // 210 teacher vacancies at one agency: pages inside it are read from that agency alone.
  const teachers = await prisma.position.createManyAndReturn({
    data: Array.from({ length: 70 }, (_, i) => ({
      periodId,
      agencyId: big.id,
      code: `GURU-${String(i).padStart(3, '0')}`,
      name: i % 2 ? 'Guru Kelas Ahli Pertama' : 'Guru Matematika Ahli Pertama',
      unit: `SD Negeri ${i + 1}`,
      educationLevels: ['S1'],
    })),
    select: { id: true },
  })
  await prisma.positionStudyProgram.createMany({ data: teachers.map((t) => ({ positionId: t.id, studyProgramCode: 'S1-PGSD' })) })
  await prisma.vacancy.createMany({
    data: teachers.flatMap((t, i) =>
      ['Kota Bandung', 'Kabupaten Garut', 'Kota Jayapura'].map((location) => ({ positionId: t.id, formasiTypeCode: 'UMUM', location, count: 1 + (i % 3) })),
    ),
  })

  // An older public period, and a draft one: neither is the default; the draft is never public.
  const older = await prisma.selectionPeriod.create({ data: { code: 'CPNS-2025-UJI', name: 'CPNS 2025 Uji', kind: 'CPNS', year: 2025, status: 'CLOSED' } })
  await position('lama', { agencyId: kemenkum.id, code: 'AH-1', name: 'Analis Hukum Ahli Pertama', levels: ['S1'], programmes: ['S1-HUK'], period: older.id }, [
    ['UMUM', 'Kota Bandung', 7],
  ])
  const draft = await prisma.selectionPeriod.create({ data: { code: 'CPNS-2027-DRAFT', name: 'CPNS 2027 Rancangan', kind: 'CPNS', year: 2027, status: 'DRAFT' } })
  await position('draf', { agencyId: kemenkum.id, code: 'AH-1', name: 'Analis Hukum Ahli Pertama', levels: ['S1'], period: draft.id }, [
    ['UMUM', 'Kota Bandung', 9],
  ])
})

beforeEach(() => clearSearchCache())

const ACTIVE_IN_2026 = 3 + 1 + 2 + 1 + 1 + 210 // analis, penjaga (one withdrawn), perawat, pranata, keuangan, teachers

describe('which formation is searched', () => {
  test('the newest public period with published positions is the default; a draft period is never public', async () => {
    expect((await listSearchPeriods()).map((p) => p.code)).toEqual(['CPNS-2026-UJI', 'CPNS-2025-UJI'])
    const result = await search()
    expect(result.period?.code).toBe('CPNS-2026-UJI')
    expect(result.total).toBe(ACTIVE_IN_2026)

    const older = await search({ periodCode: 'CPNS-2025-UJI' })
    expect(older.total).toBe(1)
    expect(older.results[0]).toMatchObject({ positionName: 'Analis Hukum Ahli Pertama', vacancies: 7 })

    const draft = await search({ periodCode: 'CPNS-2027-DRAFT' })
    expect(draft).toMatchObject({ period: null, total: 0, results: [] })
    expect(await getPositionDetail(positions.draf!)).toBeNull()
  })

  test('results are ordered by agency name, position name, location and formasi type', async () => {
    const { rows } = await all()
    const head = rows.slice(0, 6).map((r) => [r.agencyName, r.positionName, r.location, r.formasiTypeCode])
    expect(head).toEqual([
      ['Kementerian Hukum', 'Analis Hukum Ahli Pertama', 'Kota Bandung', 'UMUM'],
      ['Kementerian Hukum', 'Analis Hukum Ahli Pertama', 'Kota Bandung', 'CUMLAUDE'],
      ['Kementerian Hukum', 'Analis Hukum Ahli Pertama', 'Kota Jayapura', 'DISABILITAS'],
      ['Kementerian Hukum', 'Penjaga Tahanan', 'Kota Bandung', 'UMUM'],
      ['Kementerian Kesehatan', 'Perawat Terampil', 'Kabupaten Bandung', 'UMUM'],
      ['Kementerian Kesehatan', 'Perawat Terampil', 'Kabupaten Bandung', 'DISABILITAS'],
    ])
    expect(rows.at(-1)).toMatchObject({ agencyName: 'Pemerintah Kota Bandung', positionName: 'Pranata Komputer Ahli Pertama' })
    // One row per vacancy, each once, with what a row shows.
    expect(new Set(rows.map((r) => r.vacancyId)).size).toBe(ACTIVE_IN_2026)
    expect(rows[0]).toMatchObject({
      positionCode: 'AH-1',
      unit: 'Kantor Wilayah Jawa Barat',
      agencyCode: 'KEMENKUM',
      formasiTypeName: 'Umum',
      vacancies: 3,
      educationLevels: ['S1'],
    })
  })
})

describe('each filter narrows the results', () => {
  const names = (rows: { positionName: string }[]) => [...new Set(rows.map((r) => r.positionName))]

  test('by agency', async () => {
    const { total, rows } = await all({ agencyCode: 'KEMENKES' })
    expect(total).toBe(2)
    expect(names(rows)).toEqual(['Perawat Terampil'])
    expect((await search({ agencyCode: 'TIDAK-ADA' })).total).toBe(0)
  })

  test('by education level', async () => {
    const { rows } = await all({ educationLevel: 'D3' })
    expect(names(rows)).toEqual(['Perawat Terampil', 'Pengelola Keuangan 100% Akurat'])
    expect((await search({ educationLevel: 'D4' })).results.map((r) => r.positionName)).toEqual(['Pranata Komputer Ahli Pertama'])
  })

  test('by study programme: exact name, code, part of a name; a name at two levels means both', async () => {
    expect(names((await all({ studyProgram: 'Ilmu Hukum' })).rows)).toEqual(['Analis Hukum Ahli Pertama'])
    expect(names((await all({ studyProgram: 's1-ti' })).rows)).toEqual(['Pranata Komputer Ahli Pertama'])
    expect((await search({ studyProgram: 'hukum' })).total).toBe(3)
    expect(names((await all({ studyProgram: 'Akuntansi' })).rows)).toEqual(['Pengelola Keuangan 100% Akurat'])
    expect((await search({ studyProgram: 'Pendidikan Guru Sekolah Dasar' })).total).toBe(210)
    expect((await search({ studyProgram: 'Kedokteran' })).total).toBe(0)
  })

  test('a search by a programme name alone gives the same answer from the counts kept for all programmes', async () => {
    for (const name of ['Ilmu Hukum', 'Akuntansi', 'Teknik Informatika', 'Pendidikan Guru Sekolah Dasar', 'hukum ekonomi  syariah']) {
      clearSearchCache()
      const counted = await all({ studyProgram: name }, 20)
      await warmSearchCache()
      const kept = await all({ studyProgram: name }, 20)
      expect(kept, name).toEqual(counted)
    }
    // The position asking for D3 or S1 Akuntansi is one result, not two.
    expect((await search({ studyProgram: 'Akuntansi' })).total).toBe(1)
  })

  test('by location: exact, or every location containing the text', async () => {
    const city = await all({ location: 'Kota Bandung' })
    expect(city.rows.every((r) => r.location === 'Kota Bandung')).toBe(true)
    expect(city.total).toBe(2 + 1 + 1 + 1 + 70)
    const bandung = await all({ location: 'bandung' })
    expect(new Set(bandung.rows.map((r) => r.location))).toEqual(new Set(['Kota Bandung', 'Kabupaten Bandung']))
    expect(bandung.total).toBe(city.total + 2)
    // The withdrawn vacancy's location is not offered and finds nothing.
    expect((await searchFacets(periodId)).locations).not.toContain('Kabupaten Merauke')
    expect((await search({ location: 'Merauke' })).total).toBe(0)
  })

  test('by formasi type', async () => {
    const { rows } = await all({ formasiType: 'DISABILITAS' })
    expect(rows.map((r) => [r.positionName, r.location])).toEqual([
      ['Analis Hukum Ahli Pertama', 'Kota Jayapura'],
      ['Perawat Terampil', 'Kabupaten Bandung'],
    ])
  })

  test('by position name: every word must appear, in any order and case', async () => {
    expect(names((await all({ q: 'HUKUM analis' })).rows)).toEqual(['Analis Hukum Ahli Pertama'])
    expect((await search({ q: 'guru matematika' })).total).toBe(35 * 3)
    expect((await search({ q: 'guru fisika' })).total).toBe(0)
  })

  test('filters combine', async () => {
    const { rows } = await all({ agencyCode: 'KEMENDIKDASMEN', location: 'Kota Jayapura', q: 'kelas', studyProgram: 'S1-PGSD' })
    expect(rows).toHaveLength(35)
    expect(rows.every((r) => r.positionName === 'Guru Kelas Ahli Pertama' && r.location === 'Kota Jayapura')).toBe(true)
  })
})

describe('pages', () => {
  test('pages of any size add up to the whole, in the same order, each row once; a page past the end is the last', async () => {
    const whole = (await all({}, 50)).rows.map((r) => r.vacancyId)
    for (const size of [7, 20]) {
      const paged = (await all({}, size)).rows.map((r) => r.vacancyId)
      expect(paged).toEqual(whole)
    }
    const first = await search({ pageSize: 20 })
    expect(first).toMatchObject({ total: ACTIVE_IN_2026, page: 1, pageSize: 20, pageCount: Math.ceil(ACTIVE_IN_2026 / 20) })
    const beyond = await search({ pageSize: 20, page: 999 })
    expect(beyond.page).toBe(first.pageCount)
    expect(beyond.results.map((r) => r.vacancyId)).toEqual(whole.slice((first.pageCount - 1) * 20))
    expect((await search({ pageSize: 500 })).pageSize).toBe(50)
  })
})

describe('what is never shown', () => {
  test('withdrawn positions and vacancies never appear, by any filter or by address', async () => {
    const everything = await all()
    const ids = everything.rows.map((r) => r.vacancyId)
    expect(ids).not.toContain(vacancies['ditarik:UMUM:Kota Bandung'])
    expect(ids).not.toContain(vacancies['penjaga:UMUM:Kabupaten Merauke'])
    expect((await all({ q: 'ahli muda' })).total).toBe(0)
    expect((await all({ educationLevel: 'S2' })).total).toBe(0)
    expect(await getPositionDetail(positions.ditarik!)).toBeNull()
    const penjaga = await getPositionDetail(positions.penjaga!, NOW)
    expect(penjaga?.vacancies.map((v) => v.location)).toEqual(['Kota Bandung'])
  })

  test('competitiveness is hidden before registration opens and shown after', async () => {
    const before = await search({ agencyCode: 'KEMENKUM' })
    expect(before.competitivenessVisible).toBe(false)
    expect(before.results.every((r) => r.applicantCount === null)).toBe(true)
    const detailBefore = await getPositionDetail(positions.analis!, NOW)
    expect(detailBefore?.competitivenessVisible).toBe(false)
    expect(detailBefore?.vacancies.every((v) => v.applicantCount === null)).toBe(true)

    const after = new Date('2026-09-10T01:00:00Z') // the very moment registration opens
    const open = await searchVacancies({ agencyCode: 'KEMENKUM', now: after })
    expect(open.competitivenessVisible).toBe(true)
    expect(open.results.map((r) => [r.location, r.formasiTypeCode, r.applicantCount, r.vacancies])).toEqual([
      ['Kota Bandung', 'UMUM', 125, 3],
      ['Kota Bandung', 'CUMLAUDE', 9, 1],
      ['Kota Jayapura', 'DISABILITAS', 2, 1],
      ['Kota Bandung', 'UMUM', 800, 40],
    ])
    expect((await getPositionDetail(positions.analis!, after))?.vacancies[0]).toMatchObject({ applicantCount: 125, count: 3 })
  })

  test('a period without a registration window never shows applicants', async () => {
    const older = await searchVacancies({ periodCode: 'CPNS-2025-UJI', now: new Date('2030-01-01') })
    expect(older.competitivenessVisible).toBe(false)
    expect(older.results[0]?.applicantCount).toBeNull()
  })
})

describe('visitor text is only ever text', () => {
  test('SQL and LIKE syntax in any field finds nothing and changes nothing', async () => {
    const before = await prisma.position.count()
    for (const text of [`'; DROP TABLE "Position"; --`, `x' OR '1'='1`, `%%`, `__`, `\\\\`, `") OR 1=1 --`]) {
      expect((await search({ q: text })).total, text).toBe(0)
      expect((await search({ studyProgram: text })).total, text).toBe(0)
      expect((await search({ location: text })).total, text).toBe(0)
      expect((await search({ agencyCode: text })).total, text).toBe(0)
      expect((await search({ periodCode: text })).total, text).toBe(0)
    }
    expect(await prisma.position.count()).toBe(before)
    // A literal % in a name is found as a percent sign, not as a wildcard.
    expect((await search({ q: '100%' })).results.map((r) => r.positionName)).toEqual(['Pengelola Keuangan 100% Akurat'])
    expect(await getPositionDetail(`' OR 1=1 --`)).toBeNull()
  })
})

describe('the position page', () => {
  test('requirements, vacancies, documents with limits, SKB tests with weights and the final weights', async () => {
    const detail = await getPositionDetail(positions.analis!, NOW)
    expect(detail).toMatchObject({
      code: 'AH-1',
      name: 'Analis Hukum Ahli Pertama',
      unit: 'Kantor Wilayah Jawa Barat',
      agency: { code: 'KEMENKUM', name: 'Kementerian Hukum', kind: 'CENTRAL' },
      period: { code: 'CPNS-2026-UJI', kind: 'CPNS' },
      educationLevels: ['S1'],
      minGpa: 3,
      // The position's own maximum overrides the period's 35; the minimum comes from the rules.
      ageLimits: { min: 18, max: 32, source: 'position' },
      catWeight: 50,
      // The newest rule version (2) applies, not version 1's 50/50.
      integrationWeights: { skdPercent: 40, skbPercent: 60 },
    })
    expect(detail!.studyProgrammes.map((s) => s.name)).toEqual(['Hukum Ekonomi Syariah', 'Ilmu Hukum'])
    expect(detail!.vacancies.map((v) => [v.location, v.formasiTypeCode, v.count])).toEqual([
      ['Kota Bandung', 'UMUM', 3],
      ['Kota Bandung', 'CUMLAUDE', 1],
      ['Kota Jayapura', 'DISABILITAS', 1],
    ])
    expect(detail!.documents).toEqual([
      { code: 'PAS_FOTO', label: 'Pas foto berlatar merah', format: 'JPG', maxKb: 200, required: true },
      { code: 'IJAZAH', label: 'Ijazah', format: 'PDF', maxKb: 800, required: true },
      { code: 'SERTIFIKAT', label: 'Sertifikat pendukung', format: 'PDF', maxKb: 800, required: false },
    ])
    expect(detail!.skbTests).toEqual([
      { type: 'PRAKTIK_KERJA', weight: 30, eliminating: false, criterion: null },
      { type: 'PSIKOTES', weight: 10, eliminating: true, criterion: 'Memenuhi syarat (MS)' },
      { type: 'WAWANCARA', weight: 10, eliminating: false, criterion: null },
    ])
  })

  test('without its own limits a position takes the age limits of the period rules', async () => {
    expect((await getPositionDetail(positions.perawat!, NOW))?.ageLimits).toEqual({ min: 18, max: 35, source: 'rules' })
  })

  test('the page answers 404 for an unknown or withdrawn position', async () => {
    for (const id of ['tidak-ada', positions.ditarik!]) {
      const response = await positionLoader({ request: new Request(`http://portal.test/formasi/${id}`), params: { positionId: id }, context: {} }).catch(
        (e: unknown) => e,
      )
      expect(response).toBeInstanceOf(Response)
      expect((response as Response).status).toBe(404)
    }
  })
})

describe('the search page', () => {
  test('anonymous answers may be cached publicly for a minute; a signed-in page is private', async () => {
    const anonymous = await searchLoader({ request: new Request('http://portal.test/formasi?prodi=Ilmu+Hukum'), params: {}, context: {} })
    expect(anonymous.headers.get('Cache-Control')).toBe('public, max-age=60')
    const body = await anonymous.json()
    expect(body.outcome!.total).toBe(3)
    expect(body.outcome!.results[0].positionName).toBe('Analis Hukum Ahli Pertama')
    expect(body.facets!.studyProgrammes).toEqual(['Akuntansi', 'Hukum Ekonomi Syariah', 'Ilmu Hukum', 'Pendidikan Guru Sekolah Dasar', 'Teknik Informatika'])

    const signedIn = await searchLoader({
      request: new Request('http://portal.test/formasi', { headers: { Cookie: 'lng=id; __session=abc' } }),
      params: {},
      context: {},
    })
    expect(signedIn.headers.get('Cache-Control')).toBe('private, no-cache')
  })

  test('bad input gets a clear error and no search', async () => {
    const response = await searchLoader({ request: new Request('http://portal.test/formasi?pendidikan=S9&halaman=-1'), params: {}, context: {} })
    const body = await response.json()
    expect(body.errors).toMatchObject({ pendidikan: ['search.errors.educationLevel'], halaman: ['search.errors.page'] })
    expect(body.outcome).toBeNull()
    expect(body.form.pendidikan).toBe('S9')
  })
})

describe('freshness', () => {
  test('counts are kept for a minute, then recounted (once served a minute old while recounting)', async () => {
    const agency = await prisma.agency.create({ data: { code: 'CACHE-UJI', name: 'Badan Uji Cache', kind: 'CENTRAL' } })
    const id = await position('cache', { agencyId: agency.id, code: 'C-1', name: 'Statistisi Ahli Pertama', levels: ['S1'] }, [['UMUM', 'Kota Bandung', 1]])
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-09-01T03:00:00Z'))
      expect((await search({ agencyCode: 'CACHE-UJI' })).total).toBe(1)
      await prisma.vacancy.create({ data: { positionId: id, formasiTypeCode: 'CUMLAUDE', location: 'Kota Bandung', count: 1 } })
      expect((await search({ agencyCode: 'CACHE-UJI' })).total).toBe(1)

      vi.setSystemTime(new Date('2026-09-01T03:01:01Z'))
      expect((await search({ agencyCode: 'CACHE-UJI' })).total).toBe(1)
      await vi.waitFor(async () => expect((await search({ agencyCode: 'CACHE-UJI' })).total).toBe(2))

      // Long unused, a count is not served even once: the next search waits for the recount.
      await prisma.vacancy.create({ data: { positionId: id, formasiTypeCode: 'DISABILITAS', location: 'Kota Bandung', count: 1 } })
      vi.setSystemTime(new Date('2026-09-01T03:07:00Z'))
      expect((await search({ agencyCode: 'CACHE-UJI' })).total).toBe(3)
    } finally {
      vi.useRealTimers()
      await prisma.position.delete({ where: { id } })
      await prisma.agency.delete({ where: { id: agency.id } })
    }
  })
})
