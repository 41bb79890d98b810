import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, verifyAuditLog, type AuditActor } from '~/models/audit.server'
import {
  currentFormations,
  decideFormation,
  exportFormation,
  formationTemplate,
  getFormation,
  importFormation,
  listSubmittedFormations,
  loadStudyPrograms,
  startNewVersion,
  submitFormation,
} from '~/models/formation.server'
import { readFormationFile } from '~/utils/formation-files.server'
import { FORMATION_COLUMNS } from '~/domain/selection/formation'
import { seedDemoFormations } from '../../prisma/demo/formation-seed.ts'

const HEADER = FORMATION_COLUMNS.join(',')

let periodId: string
let agencyId: string
let otherAgencyId: string
let regionalAgencyId: string
let agencyAdmin: AuditActor
let nationalAdmin: AuditActor

beforeAll(async () => {
  await loadStudyPrograms(SYSTEM_ACTOR)
  for (const [i, code] of ['UMUM', 'CUMLAUDE', 'DISABILITAS', 'PUTRA_PAPUA', 'DAERAH_TERTINGGAL'].entries()) {
    await prisma.formasiType.create({ data: { code, name: code, isSpecial: code !== 'UMUM', sortOrder: i } })
  }
  const period = await prisma.selectionPeriod.create({ data: { code: 'CPNS-UJI', name: 'CPNS Uji', kind: 'CPNS', year: 2026 } })
  periodId = period.id
  agencyId = (await prisma.agency.create({ data: { code: 'KEMEN-A', name: 'Kementerian A', kind: 'CENTRAL' } })).id
  otherAgencyId = (await prisma.agency.create({ data: { code: 'KEMEN-B', name: 'Kementerian B', kind: 'CENTRAL' } })).id
  regionalAgencyId = (await prisma.agency.create({ data: { code: 'PEMDA-C', name: 'Pemda C', kind: 'REGIONAL' } })).id
  const admin = await prisma.user.create({ data: { email: 'admin-a@uji.test', name: 'Admin A' } })
  const national = await prisma.user.create({ data: { email: 'panselnas@uji.test', name: 'Panselnas' } })
  agencyAdmin = { actorId: admin.id, actorRole: 'AGENCY_ADMIN', ip: '10.0.0.1', userAgent: 'vitest' }
  nationalAdmin = { actorId: national.id, actorRole: 'NATIONAL_ADMIN', ip: '10.0.0.2', userAgent: 'vitest' }
})

const csv = (...lines: string[]) => ({ name: 'formasi.csv', bytes: Buffer.from([HEADER, ...lines].join('\n'), 'utf8') })

const GOOD = [
  'ANALIS-HUKUM,Analis Hukum Ahli Pertama,Kanwil DKI Jakarta,Jakarta,UMUM,12,S1,S1-HUK;S1-HES,3.00,,,PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10,50',
  'ANALIS-HUKUM,Analis Hukum Ahli Pertama,Kanwil DKI Jakarta,Jakarta,CUMLAUDE,2,S1,S1-HUK;S1-HES,3.00,,,PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10,50',
  'ANALIS-HUKUM,Analis Hukum Ahli Pertama,Kanwil DKI Jakarta,Medan,UMUM,4,S1,S1-HUK;S1-HES,3.00,,,PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10,50',
  'PENJAGA,Penjaga Tahanan,Rutan Kelas I Bandung,Bandung,UMUM,40,SMA,,,18,27,KESAMAPTAAN:30:gugur,70',
  'PERAWAT,Perawat Terampil,RSUP Hasan Sadikin,Bandung,DISABILITAS,1,D3,D3-KEP,2.75,,,,',
]

async function auditActions(entityId: string) {
  return (await prisma.auditLog.findMany({ where: { entityId }, orderBy: { id: 'asc' } })).map((a) => a.action)
}

describe('a formation from import to publication', () => {
  let formationId: string
  let positionIds: Record<string, string>
  let vacancyIds: Record<string, string>

  test('a file with one bad row is refused with that row\'s error, and nothing is stored', async () => {
    const result = await importFormation(
      periodId,
      agencyId,
      csv(GOOD[0]!, GOOD[1]!, 'PERAWAT,Perawat Terampil,RSUP Hasan Sadikin,Bandung,UMUM,3,D3,D3-ASTRO,,,,,'),
      agencyAdmin,
    )
    expect(result).toEqual({
      ok: false,
      kind: 'rows',
      errors: [{ row: 4, column: 'kode_prodi', key: 'formation.errors.unknownStudyProgram', value: 'D3-ASTRO' }],
    })
    expect(await prisma.formation.count({ where: { agencyId } })).toBe(0)
    expect(await prisma.position.count({ where: { agencyId } })).toBe(0)
    expect(await prisma.auditLog.count({ where: { action: 'formation.imported' } })).toBe(0)
  })

  test('a file that is not a spreadsheet is refused before reading rows', async () => {
    const pdf = { name: 'formasi.csv', bytes: Buffer.from('%PDF-1.7\n\u0000\u0001binary') }
    expect(await importFormation(periodId, agencyId, pdf, agencyAdmin)).toEqual({
      ok: false,
      kind: 'file',
      error: { key: 'formation.fileErrors.unsupported' },
    })
    const legacy = { name: 'formasi.xls', bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }
    expect(await importFormation(periodId, agencyId, legacy, agencyAdmin)).toMatchObject({ ok: false, error: { key: 'formation.fileErrors.legacyXls' } })
  })

  test('the corrected file becomes a draft version with a summary and an audit row', async () => {
    const result = await importFormation(periodId, agencyId, csv(...GOOD), agencyAdmin)
    expect(result).toMatchObject({ ok: true, version: 1, created: true, summary: { positions: 3, rows: 5, totalVacancies: 59 } })
    if (!result.ok) return
    formationId = result.formationId
    const [draft] = await currentFormations(periodId, agencyId)
    expect(draft).toMatchObject({ id: formationId, version: 1, status: 'DRAFT', rowCount: 5, totalVacancies: 59 })
    // Nothing is published before approval.
    expect(await prisma.position.count({ where: { agencyId } })).toBe(0)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'formation.imported', entityId: formationId } })
    expect(audit).toMatchObject({ actorId: agencyAdmin.actorId, ip: '10.0.0.1' })
    expect(audit.after).toMatchObject({ rows: 5, totalVacancies: 59, fileFormat: 'csv', fileName: 'formasi.csv' })
  })

  test('importing again replaces the draft\'s rows instead of adding a version', async () => {
    const result = await importFormation(periodId, agencyId, csv(...GOOD.slice(0, 4), GOOD[4]!.replace(',1,D3', ',2,D3')), agencyAdmin)
    expect(result).toMatchObject({ ok: true, formationId, version: 1, created: false, summary: { totalVacancies: 60 } })
    expect(await prisma.formation.count({ where: { agencyId } })).toBe(1)
  })

  test('another agency cannot submit, read or export it (not found), the owner can submit it', async () => {
    expect(await submitFormation(formationId, [otherAgencyId], agencyAdmin)).toBeNull()
    expect(await getFormation(formationId, [otherAgencyId])).toBeNull()
    expect(await exportFormation(formationId, [otherAgencyId], 'csv')).toBeNull()
    expect((await getFormation(formationId, [agencyId]))?.status).toBe('DRAFT')

    expect(await submitFormation(formationId, [agencyId], agencyAdmin)).toEqual({ ok: true })
    expect(await submitFormation(formationId, [agencyId], agencyAdmin)).toEqual({ ok: false, error: 'formation.errors.notDraft' })
    expect((await listSubmittedFormations(periodId)).map((f) => f.id)).toEqual([formationId])
  })

  test('a submitted version cannot be changed by importing', async () => {
    expect(await importFormation(periodId, agencyId, csv(...GOOD), agencyAdmin)).toEqual({
      ok: false,
      kind: 'state',
      error: 'formation.errors.submittedLocked',
    })
  })

  test('approval publishes positions, vacancies, programmes, default documents and SKB tests, with audit rows', async () => {
    expect(await decideFormation(formationId, 'REJECT', '  ', nationalAdmin)).toEqual({ ok: false, error: 'formation.errors.noteRequired' })
    const result = await decideFormation(formationId, 'APPROVE', null, nationalAdmin)
    expect(result).toMatchObject({ ok: true, publication: { positionsCreated: 3, vacanciesCreated: 5, positionsDeactivated: [] } })

    const positions = await prisma.position.findMany({
      where: { periodId, agencyId },
      include: { vacancies: true, studyPrograms: true, documents: { orderBy: { sortOrder: 'asc' } }, skbTests: true },
      orderBy: { code: 'asc' },
    })
    expect(positions.map((p) => p.code)).toEqual(['ANALIS-HUKUM', 'PENJAGA', 'PERAWAT'])
    const analis = positions[0]!
    expect(analis).toMatchObject({ name: 'Analis Hukum Ahli Pertama', unit: 'Kanwil DKI Jakarta', educationLevels: ['S1'], catWeight: 50, isActive: true, formationVersion: 1 })
    expect(analis.minGpa?.toString()).toBe('3')
    expect(analis.studyPrograms.map((s) => s.studyProgramCode).sort()).toEqual(['S1-HES', 'S1-HUK'])
    expect(analis.vacancies.map((v) => [v.formasiTypeCode, v.location, v.count]).sort()).toEqual([
      ['CUMLAUDE', 'Jakarta', 2],
      ['UMUM', 'Jakarta', 12],
      ['UMUM', 'Medan', 4],
    ])
    expect(analis.skbTests.map((t) => [t.type, t.weight, t.eliminating]).sort()).toEqual([
      ['PRAKTIK_KERJA', 30, false],
      ['PSIKOTES', 10, true],
      ['WAWANCARA', 10, false],
    ])
    expect(analis.documents.map((d) => [d.code, d.format, d.maxKb])).toEqual([
      ['PAS_FOTO', 'JPG', 200],
      ['SWAFOTO', 'JPG', 200],
      ['KTP', 'JPG', 200],
      ['IJAZAH', 'PDF', 800],
      ['TRANSKRIP', 'PDF', 500],
      ['SURAT_LAMARAN', 'PDF', 300],
    ])
    expect(positions[1]).toMatchObject({ minAge: 18, maxAge: 27, catWeight: 70, educationLevels: ['SMA'] })
    expect(positions[2]!.vacancies[0]!.count).toBe(2)

    expect(await auditActions(formationId)).toEqual(['formation.imported', 'formation.imported', 'formation.submitted', 'formation.approved'])
    const approved = await prisma.auditLog.findFirstOrThrow({ where: { action: 'formation.approved', entityId: formationId } })
    expect(approved.actorId).toBe(nationalAdmin.actorId)
    expect(approved.after).toMatchObject({ status: 'APPROVED', publication: { positionsCreated: 3 } })
    expect((await verifyAuditLog()).ok).toBe(true)

    // The agency admin who submitted is told by e-mail (queued after the commit).
    const mail = await prisma.emailLog.findFirst({ where: { to: 'admin-a@uji.test', template: 'formation-decision' } })
    expect(mail?.subject).toContain('Formasi Kementerian A — CPNS Uji (versi 1)')

    positionIds = Object.fromEntries(positions.map((p) => [p.code, p.id]))
    vacancyIds = Object.fromEntries(positions.flatMap((p) => p.vacancies.map((v) => [`${p.code}/${v.location}/${v.formasiTypeCode}`, v.id])))
  })

  test('a second version that drops rows deactivates them and keeps the ids of what stays', async () => {
    // After approval, an import starts a new draft version; the approved one stays published.
    const second = await importFormation(
      periodId,
      agencyId,
      csv(
        GOOD[0]!.replace(',12,', ',15,'),
        GOOD[2]!,
        'PERAWAT,Perawat Terampil,RSUP Hasan Sadikin,Bandung,UMUM,5,D3,D3-KEP,2.75,,,,',
      ),
      agencyAdmin,
    )
    expect(second).toMatchObject({ ok: true, version: 2, created: true })
    if (!second.ok) return
    expect((await getFormation(formationId, [agencyId]))?.status).toBe('APPROVED')
    expect(await prisma.position.count({ where: { agencyId, isActive: true } })).toBe(3)

    await submitFormation(second.formationId, [agencyId], agencyAdmin)
    const decided = await decideFormation(second.formationId, 'APPROVE', 'Revisi kebutuhan', nationalAdmin)
    expect(decided).toMatchObject({
      ok: true,
      publication: { positionsCreated: 0, positionsUpdated: 2, positionsDeactivated: ['PENJAGA'], vacanciesCreated: 1, vacanciesUpdated: 1 },
    })

    const positions = await prisma.position.findMany({ where: { agencyId }, include: { vacancies: true } })
    const byCode = Object.fromEntries(positions.map((p) => [p.code, p]))
    expect(byCode['ANALIS-HUKUM']!.id).toBe(positionIds['ANALIS-HUKUM'])
    expect(byCode['PERAWAT']!.id).toBe(positionIds['PERAWAT'])
    expect(byCode['PENJAGA']).toMatchObject({ id: positionIds['PENJAGA'], isActive: false })
    expect(byCode['PENJAGA']!.vacancies.every((v) => !v.isActive)).toBe(true)
    expect(byCode['ANALIS-HUKUM']!.formationVersion).toBe(2)

    const vacancy = (key: string) => positions.flatMap((p) => p.vacancies.map((v) => ({ key: `${p.code}/${v.location}/${v.formasiTypeCode}`, v }))).find((x) => x.key === key)!.v
    expect(vacancy('ANALIS-HUKUM/Jakarta/UMUM')).toMatchObject({ id: vacancyIds['ANALIS-HUKUM/Jakarta/UMUM'], count: 15, isActive: true })
    expect(vacancy('ANALIS-HUKUM/Medan/UMUM')).toMatchObject({ id: vacancyIds['ANALIS-HUKUM/Medan/UMUM'], count: 4, isActive: true })
    expect(vacancy('ANALIS-HUKUM/Jakarta/CUMLAUDE')).toMatchObject({ id: vacancyIds['ANALIS-HUKUM/Jakarta/CUMLAUDE'], isActive: false })
    expect(vacancy('PERAWAT/Bandung/DISABILITAS')).toMatchObject({ id: vacancyIds['PERAWAT/Bandung/DISABILITAS'], isActive: false })
    expect(vacancy('PERAWAT/Bandung/UMUM')).toMatchObject({ count: 5, isActive: true })

    // The previous approved version is superseded, with its own audit row.
    expect((await prisma.formation.findUniqueOrThrow({ where: { id: formationId } })).status).toBe('SUPERSEDED')
    expect(await auditActions(formationId)).toContain('formation.superseded')
    expect((await prisma.formation.findUniqueOrThrow({ where: { id: second.formationId } })).decisionNote).toBe('Revisi kebutuhan')
  })

  test('restoring a dropped position in a later version reactivates the same record', async () => {
    const third = await startNewVersion(periodId, agencyId, agencyAdmin)
    expect(third).toMatchObject({ ok: true, version: 3 })
    if (!third.ok) return
    // The new draft starts as a copy of the latest version's rows.
    const copy = await getFormation(third.formationId, [agencyId])
    expect(copy?.rowCount).toBe(3)
    expect(await startNewVersion(periodId, agencyId, agencyAdmin)).toEqual({ ok: false, error: 'formation.errors.draftExists' })

    const reimport = await importFormation(periodId, agencyId, csv(GOOD[0]!, GOOD[3]!), agencyAdmin)
    expect(reimport).toMatchObject({ ok: true, formationId: third.formationId, version: 3, created: false })
    await submitFormation(third.formationId, [agencyId], agencyAdmin)
    await decideFormation(third.formationId, 'APPROVE', null, nationalAdmin)
    const penjaga = await prisma.position.findFirstOrThrow({ where: { agencyId, code: 'PENJAGA' }, include: { vacancies: true } })
    expect(penjaga).toMatchObject({ id: positionIds['PENJAGA'], isActive: true })
    expect(penjaga.vacancies).toMatchObject([{ id: vacancyIds['PENJAGA/Bandung/UMUM'], isActive: true }])
  })

  test('a rejection publishes nothing and keeps its note', async () => {
    const v4 = await importFormation(periodId, agencyId, csv(GOOD[3]!), agencyAdmin)
    if (!v4.ok) throw new Error('import failed')
    await submitFormation(v4.formationId, [agencyId], agencyAdmin)
    expect(await decideFormation(v4.formationId, 'REJECT', 'Jumlah melebihi alokasi', nationalAdmin)).toEqual({ ok: true })
    expect(await prisma.position.count({ where: { agencyId, isActive: true } })).toBe(2)
    const f = await prisma.formation.findUniqueOrThrow({ where: { id: v4.formationId } })
    expect(f).toMatchObject({ status: 'REJECTED', decisionNote: 'Jumlah melebihi alokasi' })
    expect(await decideFormation(v4.formationId, 'APPROVE', null, nationalAdmin)).toEqual({ ok: false, error: 'formation.errors.notSubmitted' })
  })
})

describe('files', () => {
  test.each(['xlsx', 'csv'] as const)('%s: export then import gives the same rows', async (format) => {
    const agency = await prisma.agency.create({ data: { code: `RT-${format}`, name: `Round trip ${format}`, kind: 'CENTRAL' } })
    const first = await importFormation(
      periodId,
      agency.id,
      csv(...GOOD, 'ANALIS-HUKUM,Analis Hukum Ahli Pertama,Kanwil DKI Jakarta,"Kota Tual, Maluku",PUTRA_PAPUA,1,S1,S1-HUK;S1-HES,3.00,,,PSIKOTES:10:gugur;PRAKTIK_KERJA:30;WAWANCARA:10,50'),
      agencyAdmin,
    )
    if (!first.ok) throw new Error(JSON.stringify(first))
    const file = await exportFormation(first.formationId, [agency.id], format)
    expect(file?.fileName).toBe(`formasi-rt-${format}-cpns-uji-v1.${format}`)
    const again = await importFormation(periodId, agency.id, { name: file!.fileName, bytes: file!.body }, agencyAdmin)
    expect(again).toMatchObject({ ok: true, formationId: first.formationId })
    const before = (await getFormation(first.formationId, 'all'))!
    expect(before.rows).toHaveLength(6)
    const parsed = await readFormationFile(file!.body)
    expect(parsed.ok && parsed.format).toBe(format)
    const audits = await prisma.auditLog.findMany({ where: { entityId: first.formationId, action: 'formation.imported' }, orderBy: { id: 'asc' } })
    // Same rows: the stored rows' hash did not change with the round trip.
    expect((audits[1]!.after as { rowsSha256: string }).rowsSha256).toBe((audits[0]!.after as { rowsSha256: string }).rowsSha256)
  })

  test('the template (header + one example row) imports for a regional agency', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const template = await formationTemplate(format)
      const parsed = await readFormationFile(template.body)
      expect(parsed.ok && parsed.header).toEqual([...FORMATION_COLUMNS])
      expect(parsed.ok && parsed.records.length).toBe(1)
    }
    const template = await formationTemplate('xlsx')
    expect(await importFormation(periodId, regionalAgencyId, { name: template.fileName, bytes: template.body }, agencyAdmin)).toMatchObject({
      ok: true,
      summary: { rows: 1 },
    })
  })

  test('a CSV saved by Excel in an Indonesian locale (";" separator, decimal comma) is read', async () => {
    const agency = await prisma.agency.create({ data: { code: 'SEMI', name: 'Titik koma', kind: 'CENTRAL' } })
    const text = `${FORMATION_COLUMNS.join(';')}\r\nPERAWAT;Perawat Terampil;RSUP;Bandung;UMUM;5;D3;"D3-KEP;D3-KEB";2,75;;;;\r\n`
    expect(await importFormation(periodId, agency.id, { name: 'a.csv', bytes: Buffer.from(text, 'utf8') }, agencyAdmin)).toMatchObject({
      ok: true,
      summary: { rows: 1, totalVacancies: 5 },
    })
  })

  test('the weight rules of the period apply: a regional agency may not add an interview', async () => {
    const result = await importFormation(
      periodId,
      regionalAgencyId,
      csv('GURU,Guru Ahli Pertama,Dinas Pendidikan,Sentani,UMUM,10,S1,S1-PGSD,,,,WAWANCARA:10,90'),
      agencyAdmin,
    )
    expect(result).toMatchObject({ ok: false, kind: 'rows', errors: [{ row: 2, column: 'skb_tambahan', key: 'formation.errors.skb_interviewNotAllowed' }] })
  })

  test('a rule version of the period replaces the 2024 limits', async () => {
    const { RULES_2024 } = await import('~/domain/selection/rules')
    const rules = structuredClone(RULES_2024)
    rules.skbWeightLimits.central.catMinPercent = 80
    const period = await prisma.selectionPeriod.create({ data: { code: 'CPNS-RULES', name: 'CPNS aturan', kind: 'CPNS', year: 2027 } })
    await prisma.ruleVersion.create({ data: { periodId: period.id, version: 1, rules } })
    const result = await importFormation(period.id, otherAgencyId, csv(GOOD[3]!), agencyAdmin)
    expect(result).toMatchObject({ ok: false, errors: [{ key: 'formation.errors.skb_catMin', column: 'bobot_cat' }] })
  })
})

test('thousands of rows import and publish in one go', async () => {
  const agency = await prisma.agency.create({ data: { code: 'BESAR', name: 'Instansi Besar', kind: 'CENTRAL' } })
  const lines: string[] = []
  for (let p = 0; p < 1000; p++) {
    for (const loc of ['Jakarta', 'Surabaya', 'Makassar']) {
      lines.push(`JAB-${p},Jabatan ${p},Unit ${p % 20},${loc},UMUM,${(p % 7) + 1},S1,S1-TI;S1-SI,,,,,`)
    }
  }
  const started = Date.now()
  const imported = await importFormation(periodId, agency.id, csv(...lines), agencyAdmin)
  expect(imported).toMatchObject({ ok: true, summary: { positions: 1000, rows: 3000 } })
  if (!imported.ok) return
  await submitFormation(imported.formationId, [agency.id], agencyAdmin)
  expect(await decideFormation(imported.formationId, 'APPROVE', null, nationalAdmin)).toMatchObject({ ok: true })
  expect(await prisma.vacancy.count({ where: { position: { agencyId: agency.id }, isActive: true } })).toBe(3000)
  expect(await prisma.positionDocument.count({ where: { position: { agencyId: agency.id } } })).toBe(6000)
  expect(Date.now() - started).toBeLessThan(25_000)
})

test('demo formations are published through the same model, once', async () => {
  const period = await prisma.selectionPeriod.create({ data: { code: 'CASN-2026-DEMO', name: 'Demo', kind: 'CPNS', year: 2026, isDemo: true } })
  for (const [code, kind] of [['KEMENKUM', 'CENTRAL'], ['KEMENKES', 'CENTRAL'], ['PEMPROV-JABAR', 'REGIONAL'], ['PEMKAB-JAYAPURA', 'REGIONAL']] as const) {
    await prisma.agency.create({ data: { code, name: code, kind, isDemo: true } })
  }
  expect(await seedDemoFormations({ actor: SYSTEM_ACTOR })).toEqual({ published: ['KEMENKUM', 'KEMENKES', 'PEMPROV-JABAR', 'PEMKAB-JAYAPURA'] })
  const analis = await prisma.position.findFirstOrThrow({
    where: { periodId: period.id, code: 'PPU-AHLI-PERTAMA' },
    include: { studyPrograms: true, documents: true, skbTests: true, vacancies: true },
  })
  expect(analis.studyPrograms.map((s) => s.studyProgramCode).sort()).toEqual(['S1-HES', 'S1-HUK'])
  expect(analis.documents).toHaveLength(6)
  expect(analis.skbTests).toHaveLength(3)
  expect(analis.vacancies.reduce((s, v) => s + v.count, 0)).toBe(15)
  expect(await prisma.formation.count({ where: { periodId: period.id, status: 'APPROVED' } })).toBe(4)
  const counts = { positions: await prisma.position.count(), audits: await prisma.auditLog.count() }
  expect(await seedDemoFormations({ actor: SYSTEM_ACTOR })).toEqual({ published: [] })
  expect({ positions: await prisma.position.count(), audits: await prisma.auditLog.count() }).toEqual(counts)
})
