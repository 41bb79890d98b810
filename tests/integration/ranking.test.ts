import { prisma } from '~/utils/db.server'
import { verifyAuditLog, type AuditActor } from '~/models/audit.server'
import {
  applicantResults,
  approvePublication,
  approveResignation,
  executeRankingRun,
  answerObjection,
  fileFinalObjection,
  listObjections,
  notifyBatch,
  positionReview,
  preparePublication,
  recordResignation,
  runLines,
  startRankingRun,
  verifyPublication,
} from '~/models/ranking.server'
import { RULES_2024 } from '~/domain/selection/rules'
import { objectionTimeline } from '~/domain/verification/objection'
import { addWibDays, toWib } from '~/domain/selection/schedule'
import { rankSkdGroup, type SkdCandidate } from '~/domain/ranking/skd'
import { assignFinal, finalScore, isoDate, skb100, type FinalCandidate, type FinalVacancy } from '~/domain/ranking/integration'
import { rankPppkGroup, pppkGroup } from '~/domain/ranking/pppk'
import { equipercentile } from '~/domain/ranking/normalisation'
import { mulberry32 } from '~/utils/seeded-random'

/**
 * The ranking model against a real PostgreSQL: the set-based SQL gives exactly the codes of the
 * reference rules in app/domain/ranking on a random period (ties included), publication needs two
 * committee members, a published list cannot be changed, and applicants see their status.
 */

// A small deterministic PRNG (mulberry32): the same data on every run.
const rng = mulberry32
const random = rng(20261201)
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
// Scores on the 5-point grid of the real test, so ties are common.
const five = (min: number, max: number) => 5 * int(Math.ceil(min / 5), Math.floor(max / 5))

const actor = (userId: string): AuditActor => ({ actorId: userId, actorRole: 'COMMITTEE', ip: '127.0.0.1', userAgent: 'vitest' })
let periodId: string
let pppkPeriodId: string
let agencyId: string
let preparer: string
let approver: string
let outsider: string
let vacancies: FinalVacancy[] = []
const apps: { id: string; userId: string; vacancyId: string; registrationNumber: string }[] = []
let seq = 0

async function person(periodIdFor: string, vacancyId: string, birthDate: Date, gpa: number) {
  seq++
  const user = await prisma.user.create({ data: { email: `peserta${seq}@uji.test`, name: `Peserta ${seq}` } })
  await prisma.applicantIdentity.create({
    data: { userId: user.id, periodId: periodIdFor, nik: String(3171000000000000 + seq), kk: String(3171000000000000 + seq), fullName: `Peserta Uji ${seq}`, birthPlace: 'Jakarta', birthDate, sex: 'L', phone: '0812' },
  })
  const registrationNumber = `R${String(seq).padStart(6, '0')}`
  const application = await prisma.application.create({
    data: { periodId: periodIdFor, userId: user.id, vacancyId, selectionKind: 'CPNS', status: 'VERIFIED_MS', registrationNumber, education: { level: 'S1', gpa, cumlaude: false } },
  })
  return { id: application.id, userId: user.id, vacancyId, registrationNumber }
}

beforeAll(async () => {
  const period = await prisma.selectionPeriod.create({ data: { code: 'PERINGKAT-2026', name: 'Seleksi Peringkat 2026', kind: 'CPNS', year: 2026 } })
  periodId = period.id
  await prisma.ruleVersion.create({ data: { periodId, version: 1, rules: RULES_2024 } })
  const agency = await prisma.agency.create({ data: { code: 'KEMUJI', name: 'Kementerian Uji', kind: 'CENTRAL' } })
  agencyId = agency.id
  await prisma.formasiType.createMany({
    data: [{ code: 'UMUM', name: 'Umum' }, { code: 'CUMLAUDE', name: 'Cumlaude', isSpecial: true }, { code: 'DISABILITAS', name: 'Disabilitas', isSpecial: true }],
    skipDuplicates: true,
  })
  for (const [name, email] of [['Panitia A', 'a@panitia.test'], ['Panitia B', 'b@panitia.test'], ['Verifikator', 'v@uji.test']] as const) {
    const u = await prisma.user.create({ data: { email, name } })
    await prisma.userRole.create({ data: { userId: u.id, role: email.includes('panitia') ? 'COMMITTEE' : 'VERIFIER', agencyId: email.includes('panitia') ? null : agencyId } })
    if (email === 'a@panitia.test') preparer = u.id
    else if (email === 'b@panitia.test') approver = u.id
    else outsider = u.id
  }
  // Two positions with the same name in two units (optimalisasi step 2), one other position.
  const layout: [code: string, name: string, unit: string, cat: number, v: [string, string, number][]][] = [
    ['AH-JKT', 'Analis Hukum', 'Kanwil Jakarta', 50, [['UMUM', 'Jakarta', 4], ['CUMLAUDE', 'Jakarta', 1], ['DISABILITAS', 'Jakarta', 1]]],
    ['AH-BDG', 'Analis Hukum', 'Kanwil Bandung', 50, [['UMUM', 'Bandung', 3], ['UMUM', 'Cirebon', 2]]],
    ['PK', 'Pranata Komputer', 'Pusdatin', 100, [['UMUM', 'Jakarta', 2]]],
  ]
  for (const [code, name, unit, catWeight, vs] of layout) {
    const position = await prisma.position.create({ data: { periodId, agencyId, code, name, unit, educationLevels: ['S1'], catWeight } })
    if (catWeight < 100) {
      await prisma.positionSkbTest.createMany({
        data: [
          { positionId: position.id, type: 'PSIKOTES', weight: 10, eliminating: true },
          { positionId: position.id, type: 'PRAKTIK_KERJA', weight: 40 },
        ],
      })
    }
    for (const [formasiTypeCode, location, count] of vs) {
      const v = await prisma.vacancy.create({ data: { positionId: position.id, formasiTypeCode, location, count } })
      vacancies.push({ id: v.id, positionId: position.id, positionGroup: `${agencyId}:${name}`, formasiTypeCode, isGeneral: formasiTypeCode === 'UMUM', location, count })
    }
  }
  // Candidates: many for the Jakarta general vacancy, few elsewhere, so both optimalisasi steps run.
  const perVacancy = [3, 8, 4, 30, 1, 20]
  for (const [i, v] of vacancies.entries()) {
    for (let k = 0; k < perVacancy[i]!; k++) {
      apps.push(await person(periodId, v.id, new Date(Date.UTC(int(1990, 2002), int(0, 11), int(1, 28))), int(280, 400) / 100))
    }
  }
  disabled = vacancies.find((v) => v.formasiTypeCode === 'DISABILITAS')!.id
  // A deliberate tie at the SKB-quota boundary (1 vacancy × 3): ranks 1, 2, 3, 3.
  const tie = [[100, 100, 180], [100, 100, 175], [90, 90, 170], [90, 90, 170]]
  for (const [k, a] of apps.filter((x) => x.vacancyId === disabled).entries()) {
    const [twk, tiu, tkp] = tie[k]!
    await prisma.testResult.create({ data: { applicationId: a.id, periodId, kind: 'SKD', attendance: 'PRESENT', twk, tiu, tkp, takenAt: new Date(Date.UTC(2026, 9, 1, 2)) } })
  }
  for (const a of apps.filter((x) => x.vacancyId !== disabled)) {
    const roll = random()
    const attendance = roll < 0.04 ? 'ABSENT' : roll < 0.06 ? 'DISQUALIFIED' : 'PRESENT'
    const present = attendance !== 'ABSENT'
    await prisma.testResult.create({
      data: {
        applicationId: a.id,
        periodId,
        kind: 'SKD',
        attendance,
        twk: present ? five(60, 130) : null,
        tiu: present ? five(70, 150) : null,
        tkp: present ? int(160, 210) : null,
        takenAt: new Date(Date.UTC(2026, 9, int(1, 3), int(1, 3))),
        reused: random() < 0.05,
      },
    })
  }
})

afterAll(async () => {
  await prisma.$disconnect()
})

async function codesOf(runId: string) {
  const rows = await prisma.rankingEntry.findMany({ where: { runId } })
  return Object.fromEntries(rows.map((r) => [r.applicationId, r]))
}

let skdRunId: string
let finalRunId: string
let publicationId: string

test('the SKD run is a queued job that ends as a DRAFT, with one audited step', async () => {
  const started = await startRankingRun({ periodId, stage: 'SKD' }, actor(preparer))
  expect(started.ok).toBe(true)
  if (!started.ok) return
  skdRunId = started.runId
  expect((await prisma.rankingRun.findUniqueOrThrow({ where: { id: skdRunId } })).status).toBe('QUEUED')
  // A second run of the same stage while one is queued is refused.
  expect(await startRankingRun({ periodId, stage: 'SKD' }, actor(approver))).toEqual({ ok: false, error: 'busy' })
  // Someone without the committee role cannot start one.
  expect(await startRankingRun({ periodId, stage: 'FINAL' }, actor(outsider))).toEqual({ ok: false, error: 'notCommittee' })
  await executeRankingRun(skdRunId)
  const run = await prisma.rankingRun.findUniqueOrThrow({ where: { id: skdRunId } })
  expect(run).toMatchObject({ status: 'DRAFT', progress: 100, entryCount: apps.length })
  expect(await prisma.auditLog.count({ where: { entityId: skdRunId, action: 'ranking.run.step' } })).toBe(1)
  // ADR 017: the run's rows are its own partition, whose two indexes were built once and adopted
  // by ATTACH (a third would mean the key was built twice).
  const indexes = await prisma.$queryRaw<{ indexname: string }[]>`SELECT indexname FROM pg_indexes WHERE tablename = ${`RankingEntry_${skdRunId}`}`
  expect(indexes.map((i) => i.indexname).sort()).toEqual([`RankingEntry_${skdRunId}_pkey`, `RankingEntry_${skdRunId}_position`])
})

let disabled: string
test('domain.md §4: the SQL gives every candidate the same SKD code and rank as the reference rules (ties at the boundary included)', async () => {
  const stored = await codesOf(skdRunId)
  const results = await prisma.testResult.findMany({ where: { periodId, kind: 'SKD' } })
  const byApp = new Map(results.map((r) => [r.applicationId, r]))
  let exceeded = 0
  for (const v of vacancies) {
    const candidates: SkdCandidate[] = apps
      .filter((a) => a.vacancyId === v.id)
      .map((a) => {
        const r = byApp.get(a.id)!
        return { applicationId: a.id, attendance: r.attendance, score: r.twk === null ? null : { twk: r.twk!, tiu: r.tiu!, tkp: r.tkp! } }
      })
    const expected = rankSkdGroup(candidates, { formasiTypeCode: v.formasiTypeCode, vacancies: v.count }, RULES_2024)
    for (const e of expected) {
      expect({ id: e.applicationId, code: stored[e.applicationId]!.code, rank: stored[e.applicationId]!.rank }).toEqual({ id: e.applicationId, code: e.code, rank: e.rank })
    }
    exceeded += Math.max(0, expected.filter((e) => e.code === 'P/L').length - v.count * 3)
  }
  // The tie at the disabled vacancy's boundary sends 4 through a quota of 3.
  expect(exceeded).toBeGreaterThan(0)
  expect(Object.values(stored).filter((e) => e.vacancyId === disabled && e.code === 'P/L')).toHaveLength(4)
})

test('domain.md §6: integration + optimalisasi in SQL equal the reference rules (L, L-1, L-2, TL, TH, DIS)', async () => {
  const skd = await codesOf(skdRunId)
  const through = apps.filter((a) => skd[a.id]!.code === 'P/L')
  for (const a of through) {
    const roll = random()
    await prisma.testResult.create({ data: { applicationId: a.id, periodId, kind: 'SKB_CAT', attendance: roll < 0.03 ? 'ABSENT' : 'PRESENT', total: roll < 0.03 ? null : int(200, 480) } })
    if (vacancies.find((v) => v.id === a.vacancyId)!.positionGroup.endsWith('Analis Hukum')) {
      await prisma.additionalTestResult.create({ data: { applicationId: a.id, periodId, testType: 'PSIKOTES', score: int(40, 100), eliminated: random() < 0.05 } })
      await prisma.additionalTestResult.create({ data: { applicationId: a.id, periodId, testType: 'PRAKTIK_KERJA', score: int(50, 100) } })
    }
  }
  const started = await startRankingRun({ periodId, stage: 'FINAL' }, actor(approver))
  expect(started.ok).toBe(true)
  if (!started.ok) return
  finalRunId = started.runId
  await executeRankingRun(finalRunId)
  const stored = await codesOf(finalRunId)

  const positions = await prisma.position.findMany({ where: { periodId }, include: { skbTests: true } })
  const identities = await prisma.applicantIdentity.findMany({ where: { periodId } })
  const birth = new Map(identities.map((i) => [i.userId, isoDate(i.birthDate)]))
  const skbRows = new Map((await prisma.testResult.findMany({ where: { periodId, kind: 'SKB_CAT' } })).map((r) => [r.applicationId, r]))
  const additional = await prisma.additionalTestResult.findMany({ where: { periodId } })
  const applications = new Map((await prisma.application.findMany({ where: { periodId } })).map((a) => [a.id, a]))
  const candidates: FinalCandidate[] = through.map((a) => {
    const s = skd[a.id]!
    const v = vacancies.find((x) => x.id === a.vacancyId)!
    const position = positions.find((p) => p.id === v.positionId)!
    const mine = additional.filter((x) => x.applicationId === a.id)
    const skb = skb100({
      cat: skbRows.get(a.id)?.total ?? 0,
      catWeight: position.catWeight,
      additional: position.skbTests.map((t) => ({ weight: t.weight, score: Number(mine.find((m) => m.testType === t.type)?.score ?? 0) })),
    })
    return {
      applicationId: a.id,
      vacancyId: a.vacancyId,
      skd: { twk: s.twk!, tiu: s.tiu!, tkp: s.tkp! },
      final: finalScore(s.skdTotal!, skb, RULES_2024.integrationWeights),
      gpa: (applications.get(a.id)!.education as { gpa: number }).gpa,
      birthDate: birth.get(a.userId)!,
      skbAttendance: skbRows.get(a.id)!.attendance,
      eliminated: mine.some((m) => m.eliminated),
    }
  })
  const expected = assignFinal(vacancies, candidates, RULES_2024.skdThresholds)
  for (const e of expected) {
    const got = stored[e.applicationId]!
    expect({ id: e.applicationId, code: got.code, rank: got.rank, assigned: got.assignedVacancyId }).toEqual({ id: e.applicationId, code: e.code, rank: e.rank, assigned: e.assignedVacancyId })
  }
  const codes = new Set(Object.values(stored).map((e) => e.code))
  expect(codes).toContain('L-1')
  expect(codes).toContain('L-2')
})

test('publication needs a second committee member; the list is then immutable and its hash verifies', async () => {
  const prepared = await preparePublication(finalRunId, actor(preparer))
  expect(prepared.ok).toBe(true)
  if (!prepared.ok) return
  publicationId = prepared.publicationId
  expect(await approvePublication(publicationId, actor(preparer))).toEqual({ ok: false, error: 'samePerson' })
  expect(await approvePublication(publicationId, actor(outsider))).toEqual({ ok: false, error: 'notCommittee' })
  expect((await approvePublication(publicationId, actor(approver))).ok).toBe(true)
  const publication = await prisma.rankingPublication.findUniqueOrThrow({ where: { id: publicationId } })
  expect(publication).toMatchObject({ status: 'PUBLISHED', approvedById: approver, lineCount: Object.keys(await codesOf(finalRunId)).length })
  expect(publication.contentHash).toMatch(/^[0-9a-f]{64}$/)
  expect(await verifyPublication(publicationId)).toMatchObject({ ok: true })

  // The database refuses to change a published list, even bypassing the model.
  await expect(prisma.rankingEntry.updateMany({ where: { runId: finalRunId }, data: { code: 'L' } })).rejects.toThrow(/published/)
  await expect(prisma.rankingPublication.update({ where: { id: publicationId }, data: { contentHash: 'x' } })).rejects.toThrow(/published/)
  // A second publication of the same stage without a correction is refused.
  expect(await preparePublication(finalRunId, actor(preparer))).toMatchObject({ ok: false })
  expect((await verifyAuditLog()).ok).toBe(true)
})

test('applicants get their status and an e-mail; they may object within 3 days by the server clock', async () => {
  const entries = await codesOf(finalRunId)
  const passed = apps.find((a) => entries[a.id]?.code === 'L')!
  const results = await applicantResults(passed.userId)
  expect(results).toHaveLength(1)
  expect(results[0]).toMatchObject({ stage: 'FINAL', code: 'L', canObject: true })

  const sent = await notifyBatch(publicationId, '')
  expect(sent).toBe(Math.min(200, Object.keys(entries).length))
  expect(await prisma.emailLog.count({ where: { template: 'ranking-result' } })).toBe(sent)

  // The one objection mechanism (ADR 012): the window closes at 23:59 WIB of the 3rd calendar day
  // after publication by the server's clock, one objection per applicant and stage.
  const publishedAt = (await prisma.rankingPublication.findUniqueOrThrow({ where: { id: publicationId } })).publishedAt!
  const timeline = objectionTimeline(publishedAt, RULES_2024.objection)
  expect(toWib(timeline.objectionClosesAt)).toEqual({ date: toWib(addWibDays(publishedAt, 3)).date, time: '23:59' })
  const late = new Date(timeline.objectionClosesAt.getTime() + 1)
  const text = 'Nilai wawancara saya tidak sesuai.'
  expect(await fileFinalObjection({ userId: passed.userId, publicationId, text }, actor(passed.userId), { now: late })).toEqual({ ok: false, error: 'closed' })
  expect(await prisma.objection.count({ where: { applicationId: passed.id } })).toBe(0)
  const lastMinute = new Date(timeline.objectionClosesAt.getTime() - 30_000)
  const filed = await fileFinalObjection({ userId: passed.userId, publicationId, text }, actor(passed.userId), { now: lastMinute })
  expect(filed.ok).toBe(true)
  expect(await fileFinalObjection({ userId: passed.userId, publicationId, text: 'Sekali lagi, nilai saya keliru.' }, actor(passed.userId))).toEqual({ ok: false, error: 'duplicate' })
  // It is the same record as an administrative sanggah: stage FINAL_RESULT, its history, an audit row.
  const objection = await prisma.objection.findUniqueOrThrow({ where: { applicationId_stage: { applicationId: passed.id, stage: 'FINAL_RESULT' } }, include: { events: true } })
  expect(objection).toMatchObject({ publicationId, status: 'PENDING', reason: text, positionId: entries[passed.id]!.positionId })
  expect(objection.events.map((e) => e.status)).toEqual(['PENDING'])
  expect(await prisma.auditLog.count({ where: { action: 'objection.submit', entityId: passed.id } })).toBe(1)
  expect((await applicantResults(passed.userId))[0]).toMatchObject({ canObject: false, objection: { status: 'PENDING', text } })

  // The committee answers with a decision and a reason, once; an outsider cannot.
  if (!filed.ok) return
  const answeredAt = { now: new Date(lastMinute.getTime() + 60_000) }
  const answer = { objectionId: filed.objectionId, decision: 'REJECTED' as const, reason: 'Nilai sudah sesuai berita acara.' }
  expect(await answerObjection(answer, actor(outsider), answeredAt)).toEqual({ ok: false, error: 'notCommittee' })
  // The panel's window is the shared rule too: after it closes, no answer.
  expect(await answerObjection(answer, actor(approver), { now: new Date(timeline.panelClosesAt.getTime() + 1) })).toEqual({ ok: false, error: 'panelClosed' })
  expect(await answerObjection(answer, actor(approver), answeredAt)).toEqual({ ok: true })
  expect(await answerObjection({ ...answer, decision: 'ACCEPTED', reason: 'Berubah pikiran.' }, actor(approver), answeredAt)).toEqual({ ok: false, error: 'notOpen' })
  const listed = await listObjections(publicationId)
  expect(listed).toHaveLength(1)
  expect(listed[0]).toMatchObject({ status: 'REJECTED', answer: 'Nilai sudah sesuai berita acara.' })
  expect(listed[0]!.history.map((h) => h.status)).toEqual(['PENDING', 'REJECTED'])
  expect(await prisma.auditLog.count({ where: { action: 'objection.reject', entityId: passed.id } })).toBe(1)
})

test('domain.md §6: a resignation before the NIP is replaced by the next-ranked candidate after approval; after the NIP a 2-year ban is recorded', async () => {
  const entries = await codesOf(finalRunId)
  const bandung = vacancies.find((v) => v.formasiTypeCode === 'UMUM' && v.location === 'Bandung')!
  const inside = apps.filter((a) => entries[a.id]?.code === 'L' && a.vacancyId === bandung.id)
  const nextRanked = Object.values(entries)
    .filter((e) => e.vacancyId === bandung.id && e.code === 'TL' && e.rank !== null)
    .sort((a, b) => a.rank! - b.rank!)[0]!
  const before = await recordResignation({ publicationId, registrationNumber: inside[0]!.registrationNumber, afterNip: false, reason: 'Penempatan jauh' }, actor(preparer))
  expect(before.ok).toBe(true)
  if (!before.ok) return
  const approved = await approveResignation(before.resignationId, actor(approver))
  expect(approved).toMatchObject({ ok: true, replacementApplicationId: nextRanked.applicationId, bannedUntilYear: null })
  const replacementUser = apps.find((a) => a.id === nextRanked.applicationId)!.userId
  expect((await applicantResults(replacementUser))[0]).toMatchObject({ code: 'L', replacement: true })

  const after = await recordResignation({ publicationId, registrationNumber: inside[1]!.registrationNumber, afterNip: true, reason: 'Diterima di tempat lain' }, actor(preparer))
  if (!after.ok) throw new Error(after.error)
  expect(await approveResignation(after.resignationId, actor(approver))).toMatchObject({ ok: true, replacementApplicationId: null, bannedUntilYear: 2028 })
  // Someone who did not pass cannot resign from a seat.
  const failed = apps.find((a) => !entries[a.id])!
  expect(await recordResignation({ publicationId, registrationNumber: failed.registrationNumber, afterNip: false, reason: 'x' }, actor(preparer))).toEqual({ ok: false, error: 'notPassed' })
})

test('a correction is a new version with its reason; the old version is kept as SUPERSEDED', async () => {
  const started = await startRankingRun({ periodId, stage: 'FINAL', correctsId: publicationId, reason: 'Nilai praktik kerja satu peserta dikoreksi' }, actor(preparer))
  if (!started.ok) throw new Error(started.error)
  await executeRankingRun(started.runId)
  const prepared = await preparePublication(started.runId, actor(preparer))
  if (!prepared.ok) throw new Error(prepared.error)
  expect((await approvePublication(prepared.publicationId, actor(approver))).ok).toBe(true)
  const [oldOne, newOne] = await Promise.all([
    prisma.rankingPublication.findUniqueOrThrow({ where: { id: publicationId } }),
    prisma.rankingPublication.findUniqueOrThrow({ where: { id: prepared.publicationId } }),
  ])
  expect(oldOne).toMatchObject({ status: 'SUPERSEDED', supersededById: newOne.id })
  expect(newOne).toMatchObject({ status: 'PUBLISHED', version: 2, reason: 'Nilai praktik kerja satu peserta dikoreksi' })
  // Same data, another version: another hash.
  expect(newOne.contentHash).not.toBe(oldOne.contentHash)
  expect((await runLines(oldOne.runId)).length).toBe(oldOne.lineCount)
})

test('domain.md §7: PPPK priority beats a higher score in SQL as in the reference rules', async () => {
  const period = await prisma.selectionPeriod.create({ data: { code: 'PPPK-UJI-2026', name: 'PPPK Uji 2026', kind: 'PPPK', year: 2026 } })
  pppkPeriodId = period.id
  const position = await prisma.position.create({ data: { periodId: pppkPeriodId, agencyId, code: 'GURU', name: 'Guru Ahli Pertama', unit: 'Dinas', educationLevels: ['S1'] } })
  const vacancy = await prisma.vacancy.create({ data: { positionId: position.id, formasiTypeCode: 'UMUM', location: 'Jakarta', count: 2 } })
  const people = []
  for (let i = 0; i < 12; i++) people.push(await person(pppkPeriodId, vacancy.id, new Date(Date.UTC(1980 + (i % 5), 0, 1)), 3))
  const facts = people.map((p, i) => ({ applicationId: p.id, exThk2: i === 11, nonAsnYears: i === 10 ? 3 : i === 9 ? 1 : null, nonAsnAgencyId: agencyId, teacherPriority: i === 8 }))
  await prisma.pppkPriority.createMany({ data: facts.map((f) => ({ ...f, source: 'uji' })) })
  for (const [i, p] of people.entries()) {
    await prisma.testResult.create({ data: { applicationId: p.id, periodId: pppkPeriodId, kind: 'PPPK', attendance: 'PRESENT', technical: 400 - i * 20, managerial: 80, socioCultural: 60, interview: 30 } })
  }
  const started = await startRankingRun({ periodId: pppkPeriodId, stage: 'PPPK' }, actor(preparer))
  if (!started.ok) throw new Error(started.error)
  await executeRankingRun(started.runId)
  const stored = await codesOf(started.runId)
  const identities = new Map((await prisma.applicantIdentity.findMany({ where: { periodId: pppkPeriodId } })).map((x) => [x.userId, isoDate(x.birthDate)]))
  const expected = rankPppkGroup(
    people.map((p, i) => ({ applicationId: p.id, group: pppkGroup(facts[i]!, agencyId), technical: 400 - i * 20, managerial: 80, socioCultural: 60, interview: 30, birthDate: identities.get(p.userId)! })),
    2,
  )
  for (const e of expected) expect([stored[e.applicationId]!.code, stored[e.applicationId]!.rank]).toEqual([e.code, e.rank])
  // The lowest technical score (ex-THK-II) passes first; the non-ASN with 3 years second.
  expect(stored[people[11]!.id]!).toMatchObject({ code: 'L', rank: 1, priorityGroup: 'EX_THK_II' })
  expect(stored[people[10]!.id]!).toMatchObject({ code: 'L', rank: 2 })
  expect(stored[people[0]!.id]!).toMatchObject({ code: 'TL' })
  // PPPK has no SKD/FINAL stage.
  expect(await startRankingRun({ periodId: pppkPeriodId, stage: 'SKD' }, actor(preparer))).toEqual({ ok: false, error: 'wrongStage' })
})

test('normalisation (beyond the national rule) is a recorded committee choice, only after raw and normalised were shown side by side; the run then ranks by the normalised SKD', async () => {
  // A CPNS period without a raw SKD run to review: the choice is refused.
  const fresh = await prisma.selectionPeriod.create({ data: { code: 'NORMAL-UJI-2026', name: 'Normalisasi Uji 2026', kind: 'CPNS', year: 2026 } })
  expect(await startRankingRun({ periodId: fresh.id, stage: 'SKD', normalisation: 'EQUIPERCENTILE' }, actor(preparer))).toEqual({ ok: false, error: 'normalisationNotReviewed' })
  expect(await startRankingRun({ periodId, stage: 'FINAL', normalisation: 'EQUIPERCENTILE' }, actor(preparer))).toEqual({ ok: false, error: 'wrongStage' })

  // The raw SKD draft's review shows, per position, raw totals and their normalised values side by side.
  const position = await prisma.position.findFirstOrThrow({ where: { periodId, code: 'AH-JKT' } })
  const review = (await positionReview(skdRunId, position.id))!
  expect(review.sessions).toBeGreaterThan(1)
  const shown = review.groups.flatMap((g) => g.entries).filter((e) => e.skdTotal !== null)
  expect(shown.every((e) => e.normalised !== null)).toBe(true)
  expect(shown.some((e) => e.normalised !== e.skdTotal)).toBe(true)

  const chosenAt = new Date('2026-12-10T03:00:00Z')
  const started = await startRankingRun({ periodId, stage: 'SKD', normalisation: 'EQUIPERCENTILE' }, actor(approver), { now: chosenAt })
  expect(started.ok).toBe(true)
  if (!started.ok) return
  await executeRankingRun(started.runId)
  expect(await prisma.rankingRun.findUniqueOrThrow({ where: { id: started.runId } })).toMatchObject({
    status: 'DRAFT',
    normalisation: 'EQUIPERCENTILE',
    normalisationChosenById: approver,
    normalisationChosenAt: chosenAt,
  })
  const queued = await prisma.auditLog.findFirstOrThrow({ where: { entityId: started.runId, action: 'ranking.run.queued' } })
  expect(queued.after).toMatchObject({ normalisation: 'EQUIPERCENTILE', normalisationChosenById: approver })

  // Every candidate's score is the normalised total of app/domain/ranking/normalisation.ts (per
  // position, pooled over its sessions); the raw total is kept beside it; ranks follow the score.
  const stored = await codesOf(started.runId)
  const raw = await codesOf(skdRunId)
  const byPosition = new Map<string, (typeof raw)[string][]>()
  for (const e of Object.values(raw)) byPosition.set(e.positionId, [...(byPosition.get(e.positionId) ?? []), e])
  let moved = 0
  for (const entries of byPosition.values()) {
    const expected = equipercentile(entries.filter((e) => e.skdTotal !== null && e.session).map((e) => ({ id: e.applicationId, session: e.session!, score: e.skdTotal! })))
    for (const n of expected) {
      const e = stored[n.id]!
      expect(Math.abs(Number(e.score) - n.normalised)).toBeLessThanOrEqual(0.011)
      expect(e.skdTotal).toBe(n.score)
      if (e.rank !== raw[n.id]!.rank) moved++
    }
  }
  expect(moved).toBeGreaterThan(0)
  for (const v of vacancies) {
    const ranked = Object.values(stored).filter((e) => e.vacancyId === v.id && e.rank !== null).sort((a, b) => a.rank! - b.rank!)
    for (let i = 1; i < ranked.length; i++) expect(Number(ranked[i - 1]!.score)).toBeGreaterThanOrEqual(Number(ranked[i]!.score))
    // Thresholds stay on raw subtest scores: the same candidates are TL/TH/DIS in both runs.
    for (const e of Object.values(raw).filter((x) => x.vacancyId === v.id)) expect(['TL', 'TH', 'DIS'].includes(stored[e.applicationId]!.code)).toBe(['TL', 'TH', 'DIS'].includes(e.code))
  }
})

test('a run that fails leaves no rows behind: its table is dropped, the run is FAILED with the error, audited', async () => {
  const started = await startRankingRun({ periodId, stage: 'SKD' }, actor(preparer))
  if (!started.ok) throw new Error(started.error)
  // Fault injection: a relation already holds the name the run's second index needs.
  await prisma.$executeRawUnsafe(`CREATE TABLE "RankingEntry_${started.runId}_position" (x int)`)
  try {
    await expect(executeRankingRun(started.runId)).rejects.toThrow(/already exists/)
  } finally {
    await prisma.$executeRawUnsafe(`DROP TABLE "RankingEntry_${started.runId}_position"`)
  }
  expect(await prisma.rankingRun.findUniqueOrThrow({ where: { id: started.runId } })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/already exists/) })
  expect(await prisma.$queryRaw<unknown[]>`SELECT 1 FROM pg_class WHERE relname = ${`RankingEntry_${started.runId}`}`).toHaveLength(0)
  expect(await prisma.rankingEntry.count({ where: { runId: started.runId } })).toBe(0)
  expect(await prisma.auditLog.count({ where: { entityId: started.runId, action: 'ranking.run.failed' } })).toBe(1)
})
