import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { commitNewSession } from '~/utils/session.server'
import {
  agencyAct,
  applyForOpening,
  campusDecide,
  createOpening,
  documentFor,
  expireOffer,
  openingForAgency,
  resubmitApplication,
  respondToOffer,
  startOfferExpirySweeper,
  studentApplications,
} from '~/models/internship.server'
import { assignDpl, assignMentor, reviewPlacementEntry, reviseEntry, submitEntry, submitEvaluation, universityWorkbook } from '~/models/internship-placement.server'
import * as campusApplicationRoute from '~/routes/kampus.lamaran.$applicationId'
import * as campusDocumentRoute from '~/routes/kampus.dokumen.$documentId'
import * as campusPlacementRoute from '~/routes/kampus.magang.$placementId'
import * as applyRoute from '~/routes/magang.$openingId'
import { FINAL_RUBRIC } from '~/domain/internship/evaluation'
import { addMonths } from '~/domain/internship/supervision'
import { INTERNSHIP_DOCS, JPG, PDF } from './internship-fixtures'

/**
 * Issue 9 against a real PostgreSQL: the server refuses an ineligible student, a second accepted
 * offer (also when two accepts race), a PIC of another university by URL, and an eleventh intern
 * for one mentor; a declined or expired offer goes to the next candidate; the whole journey
 * leaves a verifiable audit chain.
 */

const DAY = 86_400_000

let dataDir: string
let agencyId: string
let uiId: string
let ugmId: string
let serial = 0

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-internship-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  agencyId = (await prisma.agency.create({ data: { code: 'KEMMAGANG', name: 'Kementerian Magang', kind: 'CENTRAL' } })).id
  uiId = (await prisma.university.create({ data: { code: 'UIX', name: 'Universitas Uji' } })).id
  ugmId = (await prisma.university.create({ data: { code: 'UGX', name: 'Universitas Lain' } })).id
  await prisma.studyProgram.createMany({
    data: [
      { code: 'S1-KESMAS', name: 'Kesehatan Masyarakat', level: 'S1' },
      { code: 'D3-RMIK', name: 'Rekam Medis', level: 'D3' },
      { code: 'S2-KESMAS', name: 'Kesehatan Masyarakat', level: 'S2' },
    ],
    skipDuplicates: true,
  })
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function user(role: 'STUDENT' | 'UNIVERSITY_PIC' | 'AGENCY_ADMIN' | 'MENTOR' | 'DPL', scope: { universityId?: string; agencyId?: string } = {}) {
  serial++
  const u = await prisma.user.create({ data: { email: `u${serial}@magang.test`, name: `Pengguna ${serial}`, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: u.id, role, universityId: scope.universityId ?? null, agencyId: scope.agencyId ?? null } })
  const session = await prisma.session.create({ data: { userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) } })
  const cookie = (await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })).split(';')[0]!
  return { id: u.id, cookie, actor: { ...SYSTEM_ACTOR, actorId: u.id, actorRole: role } }
}

async function student(facts: { level?: string; program?: string; semester?: number; gpa?: number; universityId?: string } = {}) {
  const s = await user('STUDENT', { universityId: facts.universityId ?? uiId })
  await prisma.studentProfile.create({
    data: { userId: s.id, universityId: facts.universityId ?? uiId, studentNumber: `NIM${serial}`, studyProgramCode: facts.program ?? 'S1-KESMAS', level: facts.level ?? 'S1', semester: facts.semester ?? 6, gpa: facts.gpa ?? 3.5 },
  })
  return s
}

async function opening(extra: { places?: number; minGpa?: number | null; programs?: string[] } = {}) {
  const admin = await user('AGENCY_ADMIN', { agencyId })
  const result = await createOpening(
    agencyId,
    {
      title: `Lowongan ${serial}`,
      unit: 'Pusdatin',
      description: 'Pengolahan data kesehatan.',
      places: extra.places ?? 1,
      durationMonths: 4,
      mode: 'HYBRID',
      stipendMonthly: 2_800_000,
      minSemester: null,
      minGpa: extra.minGpa === undefined ? 3 : extra.minGpa,
      studyProgramCodes: extra.programs ?? ['S1-KESMAS', 'D3-RMIK'],
      closesAt: new Date(Date.now() + 30 * DAY),
      startsAt: new Date(Date.now() - 5 * DAY),
    },
    admin.actor,
  )
  if (!result.ok) throw new Error(result.error)
  return { id: result.id, admin }
}

/** An application taken to OFFERED (or SHORTLISTED) through the real transitions. */
async function throughCampus(s: Awaited<ReturnType<typeof student>>, openingId: string, admin: { actor: typeof SYSTEM_ACTOR }, until: 'SHORTLISTED' | 'OFFERED' = 'OFFERED') {
  const pic = await user('UNIVERSITY_PIC', { universityId: uiId })
  const applied = await applyForOpening({ studentId: s.id, openingId, motivation: 'Motivasi yang cukup panjang untuk magang.', documents: INTERNSHIP_DOCS }, s.actor)
  if (!applied.ok) throw new Error(applied.error)
  expect(await campusDecide({ applicationId: applied.applicationId, universityIds: [uiId], approve: true, note: '' }, pic.actor)).toEqual({ ok: true })
  expect(await agencyAct({ applicationId: applied.applicationId, agencyIds: [agencyId], action: { kind: 'shortlist' } }, admin.actor)).toEqual({ ok: true })
  if (until === 'OFFERED') expect(await agencyAct({ applicationId: applied.applicationId, agencyIds: [agencyId], action: { kind: 'offer', deadlineDays: 3 } }, admin.actor)).toEqual({ ok: true })
  return applied.applicationId
}

/**
 * Moves a placement back in time so that today lies in its last month (start ≈ 3 months and 3 days
 * ago): every monthly report is open and the final evaluation is on time (ADR 019 addendum).
 */
async function moveToLastMonth(placementId: string) {
  const today = new Date(`${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`)
  const startsAt = new Date(addMonths(today, -3).getTime() - 3 * DAY)
  const endsAt = new Date(addMonths(startsAt, 4).getTime() - DAY)
  await prisma.internshipPlacement.update({ where: { id: placementId }, data: { startsAt, endsAt } })
}

async function call(handler: unknown, init: { cookie: string; url: string; params: Record<string, string>; method?: string; body?: FormData }) {
  try {
    return await (handler as (a: unknown) => Promise<Response>)({
      request: new Request(`http://localhost${init.url}`, { method: init.method ?? 'GET', body: init.body, headers: { Cookie: init.cookie } }),
      context: {},
      params: init.params,
    })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('eligibility is enforced on the server (domain.md §8)', () => {
  test('a semester-4 S1 student, a GPA below the opening and an S2 student are refused; nothing is stored', async () => {
    const { id } = await opening()
    for (const facts of [{ semester: 4 }, { gpa: 2.9 }, { level: 'S2', program: 'S2-KESMAS' }]) {
      const s = await student(facts)
      const result = await applyForOpening({ studentId: s.id, openingId: id, motivation: 'Motivasi yang cukup panjang.', documents: INTERNSHIP_DOCS }, s.actor)
      expect(result.ok).toBe(false)
      expect(result.ok ? null : result.error).toBe('ineligible')
    }
    expect(await prisma.internshipApplication.count({ where: { openingId: id } })).toBe(0)
  })

  test('a D3 student from semester 4 may apply; through the route, an ineligible one gets 403 with the reasons', async () => {
    const { id } = await opening()
    const d3 = await student({ level: 'D3', program: 'D3-RMIK', semester: 4 })
    expect((await applyForOpening({ studentId: d3.id, openingId: id, motivation: 'Motivasi yang cukup panjang.', documents: INTERNSHIP_DOCS }, d3.actor)).ok).toBe(true)

    const early = await student({ semester: 3 })
    const body = new FormData()
    body.set('motivation', 'Saya ingin belajar pengolahan data kesehatan.')
    for (const d of INTERNSHIP_DOCS) body.set(d.kind, new Blob([new Uint8Array(d.bytes)], { type: d.type === 'JPG' ? 'image/jpeg' : 'application/pdf' }), d.fileName)
    const response = await call(applyRoute.action, { cookie: early.cookie, url: `/magang/${id}`, params: { openingId: id }, method: 'POST', body })
    expect(response.status).toBe(403)
    const payload = (await response.json()) as { problems: { code: string; required: number }[] }
    expect(payload.problems).toEqual([{ code: 'semester', required: 5, actual: 3 }])
    expect(await prisma.internshipApplication.count({ where: { studentId: early.id } })).toBe(0)
  })
})

describe('at most one accepted offer per student', () => {
  test('accepting one offer declines the others; a late accept of another is refused', async () => {
    const a = await opening()
    const b = await opening()
    const s = await student()
    const first = await throughCampus(s, a.id, a.admin)
    const second = await throughCampus(s, b.id, b.admin)
    const accepted = await respondToOffer({ studentId: s.id, applicationId: first, accept: true }, s.actor)
    expect(accepted.ok).toBe(true)
    expect((await prisma.internshipApplication.findUniqueOrThrow({ where: { id: second } })).status).toBe('DECLINED')
    expect(await respondToOffer({ studentId: s.id, applicationId: second, accept: true }, s.actor)).toEqual({ ok: false, error: 'notOffered' })
    expect(await prisma.internshipPlacement.count({ where: { studentId: s.id } })).toBe(1)
  })

  test('two accepts racing: exactly one wins, and the database refuses a second ACCEPTED row outright', async () => {
    const a = await opening()
    const b = await opening()
    const s = await student()
    const first = await throughCampus(s, a.id, a.admin)
    const second = await throughCampus(s, b.id, b.admin)
    const results = await Promise.all([
      respondToOffer({ studentId: s.id, applicationId: first, accept: true }, s.actor),
      respondToOffer({ studentId: s.id, applicationId: second, accept: true }, s.actor),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await prisma.internshipApplication.count({ where: { studentId: s.id, status: 'ACCEPTED' } })).toBe(1)
    const loser = (await prisma.internshipApplication.findFirstOrThrow({ where: { studentId: s.id, status: { not: 'ACCEPTED' } } })).id
    await expect(prisma.internshipApplication.update({ where: { id: loser }, data: { status: 'ACCEPTED' } })).rejects.toThrow()
  })
})

describe('offers: places, deadlines and the next candidate', () => {
  test('one place: a second offer is refused; a decline and an expiry pass the place down the shortlist', async () => {
    const { id, admin } = await opening({ places: 1 })
    const [x, y, z] = [await student({ gpa: 3.9 }), await student({ gpa: 3.6 }), await student({ gpa: 3.2 })]
    const ax = await throughCampus(x, id, admin)
    const ay = await throughCampus(y, id, admin, 'SHORTLISTED')
    const az = await throughCampus(z, id, admin, 'SHORTLISTED')
    expect(await agencyAct({ applicationId: ay, agencyIds: [agencyId], action: { kind: 'offer', deadlineDays: 3 } }, admin.actor)).toEqual({ ok: false, error: 'noPlaceLeft' })
    expect((await respondToOffer({ studentId: x.id, applicationId: ax, accept: false }, x.actor)).ok).toBe(true)
    const statusOf = async (appId: string) => (await prisma.internshipApplication.findUniqueOrThrow({ where: { id: appId } })).status
    expect(await statusOf(ay)).toBe('OFFERED')
    expect(await statusOf(az)).toBe('SHORTLISTED')
    // The server's clock: y lets the deadline pass; the place goes to z.
    const deadline = (await prisma.internshipApplication.findUniqueOrThrow({ where: { id: ay } })).offerDeadline!
    expect(await expireOffer(ay, new Date(deadline.getTime() - 1000))).toBe(false)
    expect(await expireOffer(ay, new Date(deadline.getTime() + 1000))).toBe(true)
    expect(await statusOf(ay)).toBe('OFFER_EXPIRED')
    expect(await statusOf(az)).toBe('OFFERED')
    expect(await respondToOffer({ studentId: y.id, applicationId: ay, accept: true }, y.actor)).toEqual({ ok: false, error: 'notOffered' })
  })

  test('an offer whose expiry job was lost is expired by the minute sweeper, not by reading a page; its place passes down', async () => {
    const { id, admin } = await opening({ places: 1 })
    const [x, y] = [await student({ gpa: 3.9 }), await student({ gpa: 3.5 })]
    const ax = await throughCampus(x, id, admin)
    const ay = await throughCampus(y, id, admin, 'SHORTLISTED')
    const statusOf = async (appId: string) => (await prisma.internshipApplication.findUniqueOrThrow({ where: { id: appId } })).status
    // The deadline passed while the delayed job was lost (a process without Redis restarted).
    await prisma.internshipApplication.update({ where: { id: ax }, data: { offerDeadline: new Date(Date.now() - 60_000) } })
    // Reading the agency's and the student's pages changes nothing (a GET writes no state).
    await openingForAgency(id, [agencyId])
    await studentApplications(x.id)
    expect(await statusOf(ax)).toBe('OFFERED')
    const stop = startOfferExpirySweeper(100)
    try {
      // The expiry commits first, then the freed place is offered in its own transaction.
      await vi.waitFor(async () => expect([await statusOf(ax), await statusOf(ay)]).toEqual(['OFFER_EXPIRED', 'OFFERED']), { timeout: 10_000 })
    } finally {
      stop()
    }
    expect(await respondToOffer({ studentId: x.id, applicationId: ax, accept: true }, x.actor)).toEqual({ ok: false, error: 'notOffered' })
  })
})

describe('scope: a PIC of another university sees nothing of the student', () => {
  test('application, document and placement pages are 404 for the other PIC, 200 for the own PIC', async () => {
    const { id, admin } = await opening()
    const s = await student()
    const appId = await throughCampus(s, id, admin)
    await respondToOffer({ studentId: s.id, applicationId: appId, accept: true }, s.actor)
    const placement = await prisma.internshipPlacement.findFirstOrThrow({ where: { applicationId: appId } })
    const doc = await prisma.internshipDocument.findFirstOrThrow({ where: { applicationId: appId } })
    const own = await user('UNIVERSITY_PIC', { universityId: uiId })
    const other = await user('UNIVERSITY_PIC', { universityId: ugmId })
    const pages = [
      [campusApplicationRoute.loader, `/kampus/lamaran/${appId}`, { applicationId: appId }],
      [campusDocumentRoute.loader, `/kampus/dokumen/${doc.id}`, { documentId: doc.id }],
      [campusPlacementRoute.loader, `/kampus/magang/${placement.id}`, { placementId: placement.id }],
    ] as const
    for (const [handler, url, params] of pages) {
      expect((await call(handler, { cookie: other.cookie, url, params })).status).toBe(404)
      expect((await call(handler, { cookie: own.cookie, url, params })).status).toBe(200)
    }
    expect(await campusDecide({ applicationId: appId, universityIds: [ugmId], approve: false, note: 'Bukan mahasiswa kami.' }, other.actor)).toEqual({ ok: false, error: 'notFound' })
    // A student may not open the campus pages at all.
    expect((await call(campusApplicationRoute.loader, { cookie: s.cookie, url: `/kampus/lamaran/${appId}`, params: { applicationId: appId } })).status).toBe(403)
    // The other university's export holds no row of this student.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await universityWorkbook([ugmId], { status: (x) => x })) as unknown as ExcelJS.Buffer)
    expect(wb.getWorksheet('Mahasiswa magang')!.rowCount).toBe(1)
  })
})

describe('mentor cap: at most 10 running placements per mentor (domain.md §8)', () => {
  test('the eleventh assignment is refused, also when two assignments race for the tenth place', async () => {
    const mentor = await user('MENTOR', { agencyId })
    const { id, admin } = await opening({ places: 20, minGpa: null })
    const placements: string[] = []
    for (let i = 0; i < 11; i++) {
      const s = await student()
      const appId = await throughCampus(s, id, admin)
      const r = await respondToOffer({ studentId: s.id, applicationId: appId, accept: true }, s.actor)
      if (!r.ok || !r.placementId) throw new Error('accept failed')
      placements.push(r.placementId)
    }
    for (const p of placements.slice(0, 9)) expect(await assignMentor({ placementId: p, mentorId: mentor.id, agencyIds: [agencyId] }, admin.actor)).toEqual({ ok: true })
    const race = await Promise.all(placements.slice(9).map((p) => assignMentor({ placementId: p, mentorId: mentor.id, agencyIds: [agencyId] }, admin.actor)))
    expect(race.filter((r) => r.ok)).toHaveLength(1)
    expect(race.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'mentorFull' }])
    expect(await prisma.internshipPlacement.count({ where: { mentorId: mentor.id, status: 'ACTIVE' } })).toBe(10)
    // Another agency's admin cannot assign here at all.
    expect(await assignMentor({ placementId: placements[10]!, mentorId: mentor.id, agencyIds: ['other-agency'] }, admin.actor)).toEqual({ ok: false, error: 'notFound' })
  })
})

describe('during and after the internship', () => {
  test('logbook and report reviews, a return and a revision, the evaluation with ≤ 20 SKS, and an intact audit chain', async () => {
    const mentor = await user('MENTOR', { agencyId })
    const { id, admin } = await opening()
    const s = await student()
    const appId = await throughCampus(s, id, admin)
    const accepted = await respondToOffer({ studentId: s.id, applicationId: appId, accept: true }, s.actor)
    const placementId = accepted.ok ? accepted.placementId! : ''
    expect(await assignMentor({ placementId, mentorId: mentor.id, agencyIds: [agencyId] }, admin.actor)).toEqual({ ok: true })
    const today = new Date(`${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`)
    const entry = (kind: 'LOGBOOK' | 'MONTHLY_REPORT', title: string, date = today) =>
      submitEntry({ studentId: s.id, placementId, kind, date, month: kind === 'MONTHLY_REPORT' ? 1 : null, title, body: 'Uraian kegiatan yang cukup panjang.', hours: 8 }, s.actor)
    expect(await entry('LOGBOOK', 'Besok', new Date(today.getTime() + DAY))).toEqual({ ok: false, error: 'future' })
    // Report 1 covers the placement's first month and opens in its last week, not on day one.
    expect(await entry('MONTHLY_REPORT', 'Laporan terlalu awal')).toEqual({ ok: false, error: 'reportNotOpen' })
    await moveToLastMonth(placementId)
    expect(await entry('LOGBOOK', 'Log satu')).toEqual({ ok: true })
    expect(await entry('MONTHLY_REPORT', 'Laporan 1')).toEqual({ ok: true })
    expect(await entry('MONTHLY_REPORT', 'Laporan 1 lagi')).toEqual({ ok: false, error: 'duplicate' })
    const log = await prisma.internshipEntry.findFirstOrThrow({ where: { placementId, kind: 'LOGBOOK' } })
    const report = await prisma.internshipEntry.findFirstOrThrow({ where: { placementId, kind: 'MONTHLY_REPORT' } })
    const review = (entryId: string, decision: 'approve' | 'return', comment = '') => reviewPlacementEntry({ entryId, reviewer: { id: mentor.id, role: 'MENTOR' }, decision, comment }, mentor.actor)
    // Another mentor cannot review it; a return needs a comment.
    const stranger = await user('MENTOR', { agencyId })
    expect(await reviewPlacementEntry({ entryId: log.id, reviewer: { id: stranger.id, role: 'MENTOR' }, decision: 'approve', comment: '' }, stranger.actor)).toEqual({ ok: false, error: 'notFound' })
    expect(await review(report.id, 'return')).toEqual({ ok: false, error: 'commentRequired' })
    expect(await review(log.id, 'approve')).toEqual({ ok: true })
    expect(await review(report.id, 'return', 'Tambahkan capaian dan kendala.')).toEqual({ ok: true })
    const scores = Object.fromEntries(FINAL_RUBRIC.map((c) => [c.key, 85]))
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: '' }, mentor.actor)).toEqual({ ok: false, error: 'pendingReviews' })
    expect((await reviseEntry({ studentId: s.id, entryId: report.id, title: 'Laporan 1 (revisi)', body: 'Capaian: dasbor. Kendala: data terlambat.', hours: null }, s.actor)).ok).toBe(true)
    expect((await prisma.internshipEntry.findUniqueOrThrow({ where: { id: report.id } })).revision).toBe(2)
    expect(await review(report.id, 'approve')).toEqual({ ok: true })
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores: { ...scores, technical: 101 }, note: '' }, mentor.actor)).toEqual({ ok: false, error: 'scores' })
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: 'Baik sekali.' }, mentor.actor)).toEqual({ ok: true, certificate: true })
    const done = await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: placementId } })
    expect(done.status).toBe('COMPLETED')
    expect(done.totalSks).toBe(20)
    expect(Number(done.finalScore)).toBe(85)
    const trail = await prisma.auditLog.findMany({ where: { entityType: 'InternshipEntry', entityId: report.id }, orderBy: { id: 'asc' } })
    expect(trail.map((r) => r.action)).toEqual(['internship.entry_submitted', 'internship.entry_returned', 'internship.entry_revised', 'internship.entry_approved'])
    expect((await verifyAuditLog()).ok).toBe(true)
  })
})

describe('campus return and resubmission; the agency sees nothing before the campus approves', () => {
  test('a returned application needs a reason, is hidden from the agency, and comes back with the replaced letter', async () => {
    const { id, admin } = await opening()
    const s = await student()
    const pic = await user('UNIVERSITY_PIC', { universityId: uiId })
    const applied = await applyForOpening({ studentId: s.id, openingId: id, motivation: 'Motivasi yang cukup panjang.', documents: INTERNSHIP_DOCS }, s.actor)
    if (!applied.ok) throw new Error(applied.error)
    const appId = applied.applicationId
    expect(await agencyAct({ applicationId: appId, agencyIds: [agencyId], action: { kind: 'shortlist' } }, admin.actor)).toEqual({ ok: false, error: 'notFound' })
    const doc = await prisma.internshipDocument.findFirstOrThrow({ where: { applicationId: appId, kind: 'SR' } })
    expect(await documentFor(doc.id, { agencyIds: [agencyId] })).toBeNull()
    const other = await student()
    expect(await documentFor(doc.id, { studentId: other.id })).toBeNull()
    expect(await documentFor(doc.id, { studentId: s.id })).not.toBeNull()
    expect(await campusDecide({ applicationId: appId, universityIds: [uiId], approve: false, note: '' }, pic.actor)).toEqual({ ok: false, error: 'reasonRequired' })
    expect(await campusDecide({ applicationId: appId, universityIds: [uiId], approve: false, note: 'SR belum ditandatangani dekan.' }, pic.actor)).toEqual({ ok: true })
    const signed = Buffer.concat([PDF, Buffer.from('% ditandatangani\n')])
    expect(await resubmitApplication({ studentId: other.id, applicationId: appId, documents: [{ kind: 'SR', bytes: signed, type: 'PDF', fileName: 'sr.pdf' }] }, other.actor)).toEqual({ ok: false, error: 'notFound' })
    expect(await resubmitApplication({ studentId: s.id, applicationId: appId, documents: [{ kind: 'SR', bytes: signed, type: 'PDF', fileName: 'sr-ttd.pdf' }] }, s.actor)).toEqual({ ok: true })
    const after = await prisma.internshipApplication.findUniqueOrThrow({ where: { id: appId }, include: { documents: true } })
    expect(after.status).toBe('SUBMITTED')
    expect(after.campusNote).toBeNull()
    expect(after.documents.find((d) => d.kind === 'SR')!.fileName).toBe('sr-ttd.pdf')
    expect(await campusDecide({ applicationId: appId, universityIds: [uiId], approve: true, note: '' }, pic.actor)).toEqual({ ok: true })
    expect(await agencyAct({ applicationId: appId, agencyIds: [agencyId], action: { kind: 'shortlist' } }, admin.actor)).toEqual({ ok: true })
    expect(await documentFor(doc.id, { agencyIds: [agencyId] })).not.toBeNull()
  })

  test('the DPL named by the PIC reviews too; a DPL of another placement cannot', async () => {
    const { id, admin } = await opening()
    const s = await student()
    const appId = await throughCampus(s, id, admin)
    const r = await respondToOffer({ studentId: s.id, applicationId: appId, accept: true }, s.actor)
    const placementId = r.ok ? r.placementId! : ''
    const dpl = await user('DPL', { universityId: uiId })
    const foreignDpl = await user('DPL', { universityId: ugmId })
    const pic = await user('UNIVERSITY_PIC', { universityId: uiId })
    expect(await assignDpl({ placementId, dplId: foreignDpl.id, universityIds: [uiId] }, pic.actor)).toEqual({ ok: false, error: 'notDpl' })
    expect(await assignDpl({ placementId, dplId: dpl.id, universityIds: [uiId] }, pic.actor)).toEqual({ ok: true })
    const today = new Date(`${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`)
    await submitEntry({ studentId: s.id, placementId, kind: 'LOGBOOK', date: today, month: null, title: 'Log', body: 'Uraian kegiatan yang cukup.', hours: 4 }, s.actor)
    const entry = await prisma.internshipEntry.findFirstOrThrow({ where: { placementId } })
    expect(await reviewPlacementEntry({ entryId: entry.id, reviewer: { id: foreignDpl.id, role: 'DPL' }, decision: 'approve', comment: '' }, foreignDpl.actor)).toEqual({ ok: false, error: 'notFound' })
    expect(await reviewPlacementEntry({ entryId: entry.id, reviewer: { id: dpl.id, role: 'DPL' }, decision: 'approve', comment: '' }, dpl.actor)).toEqual({ ok: true })
    expect((await prisma.internshipEntry.findUniqueOrThrow({ where: { id: entry.id } })).reviewerRole).toBe('DPL')
  })
})

describe('attendance and the timing of the final evaluation (ADR 019 addendum)', () => {
  async function runningPlacement() {
    const mentor = await user('MENTOR', { agencyId })
    const dpl = await user('DPL', { universityId: uiId })
    const pic = await user('UNIVERSITY_PIC', { universityId: uiId })
    const { id, admin } = await opening()
    const s = await student()
    const appId = await throughCampus(s, id, admin)
    const accepted = await respondToOffer({ studentId: s.id, applicationId: appId, accept: true }, s.actor)
    const placementId = accepted.ok ? accepted.placementId! : ''
    expect(await assignMentor({ placementId, mentorId: mentor.id, agencyIds: [agencyId] }, admin.actor)).toEqual({ ok: true })
    expect(await assignDpl({ placementId, dplId: dpl.id, universityIds: [uiId] }, pic.actor)).toEqual({ ok: true })
    return { mentor, dpl, pic, s, placementId }
  }
  const scores = Object.fromEntries(FINAL_RUBRIC.map((c) => [c.key, 90]))

  test('before the last month only an early completion with a reason is accepted; it is audited and shown to the DPL and the PIC', async () => {
    const { mentor, dpl, pic, placementId } = await runningPlacement()
    await prisma.internshipEntry.create({ data: { placementId, kind: 'MONTHLY_REPORT', entryDate: new Date(), month: 1, title: 'Laporan 1', body: 'Isi laporan.', status: 'APPROVED' } })
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: '' }, mentor.actor)).toEqual({ ok: false, error: 'tooEarly' })
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: '', earlyReason: 'pulang' }, mentor.actor)).toEqual({ ok: false, error: 'earlyReason' })
    expect((await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: placementId } })).status).toBe('ACTIVE')
    const reason = 'Mahasiswa ditarik kampus untuk kuliah kerja nyata wajib.'
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: '', earlyReason: reason }, mentor.actor)).toEqual({ ok: true, certificate: true })
    const done = await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: placementId } })
    expect(done.earlyCompletionReason).toBe(reason)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityType: 'InternshipPlacement', entityId: placementId, action: 'internship.completed_early' } })
    expect((audit.after as { earlyCompletionReason: string }).earlyCompletionReason).toBe(reason)
    // The DPL (supervision page) and the PIC (campus page) see the reason.
    const campusPage = (await (await call(campusPlacementRoute.loader, { cookie: pic.cookie, url: `/kampus/magang/${placementId}`, params: { placementId } })).json()) as { placement: { earlyCompletionReason: string } }
    expect(campusPage.placement.earlyCompletionReason).toBe(reason)
    const mentorRoute = await import('~/routes/mentor.$placementId')
    const dplPage = (await (await call(mentorRoute.loader, { cookie: dpl.cookie, url: `/mentor/${placementId}`, params: { placementId } })).json()) as { placement: { earlyCompletionReason: string }; role: string }
    expect(dplPage).toMatchObject({ role: 'DPL', placement: { earlyCompletionReason: reason } })
  })

  test('attendance caps discipline at its rate, and below 80 % there is no certificate', async () => {
    const { mentor, placementId } = await runningPlacement()
    await moveToLastMonth(placementId)
    await prisma.internshipEntry.create({ data: { placementId, kind: 'MONTHLY_REPORT', entryDate: new Date(), month: 1, title: 'Laporan 1', body: 'Isi laporan.', status: 'APPROVED' } })
    const placement = await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: placementId } })
    // 10 recorded days: 7 present, 1 sick (permitted), 2 absent → 80 %.
    const states = ['PRESENT', 'PRESENT', 'PRESENT', 'PRESENT', 'PRESENT', 'PRESENT', 'PRESENT', 'SICK', 'ABSENT', 'ABSENT'] as const
    await prisma.internshipAttendance.createMany({ data: states.map((status, i) => ({ placementId, day: new Date(placement.startsAt.getTime() + i * DAY), status, recordedById: mentor.id })) })
    expect(await submitEvaluation({ placementId, mentorId: mentor.id, scores, note: '' }, mentor.actor)).toEqual({ ok: true, certificate: true })
    const done = await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: placementId } })
    expect(done.rubricScores).toMatchObject({ discipline: 80, technical: 90 })
    expect(Number(done.finalScore)).toBe(88.5)
    expect(Number(done.evaluationAttendanceRate)).toBe(80)
    expect(done.earlyCompletionReason).toBeNull()

    const low = await runningPlacement()
    await moveToLastMonth(low.placementId)
    await prisma.internshipEntry.create({ data: { placementId: low.placementId, kind: 'MONTHLY_REPORT', entryDate: new Date(), month: 1, title: 'Laporan 1', body: 'Isi laporan.', status: 'APPROVED' } })
    const lowPlacement = await prisma.internshipPlacement.findUniqueOrThrow({ where: { id: low.placementId } })
    await prisma.internshipAttendance.createMany({
      data: ['PRESENT', 'PRESENT', 'PRESENT', 'ABSENT', 'ABSENT'].map((status, i) => ({ placementId: low.placementId, day: new Date(lowPlacement.startsAt.getTime() + i * DAY), status: status as 'PRESENT' | 'ABSENT', recordedById: low.mentor.id })),
    })
    expect(await submitEvaluation({ placementId: low.placementId, mentorId: low.mentor.id, scores, note: '' }, low.mentor.actor)).toEqual({ ok: true, certificate: false })
    const certificate = await import('~/models/internship-placement.server').then((m) => m.certificateData(low.placementId))
    expect(certificate).toBeNull()
  })
})
