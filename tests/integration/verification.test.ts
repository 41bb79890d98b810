import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { commitNewSession } from '~/utils/session.server'
import { chooseVacancy, finaliseApplication, getOrCreateDraft, saveBiodata, saveEducation, uploadDocument } from '~/models/application.server'
import {
  claim,
  decideObjection,
  exportVerification,
  getApplicantResult,
  getCaseView,
  getDocumentForStaff,
  panelDecide,
  progressByPosition,
  publishAnnouncement,
  recordDecision,
  saveSettings,
  submitObjection,
} from '~/models/verification.server'
import * as documentRoute from '~/routes/verifikasi.dokumen.$documentId'
import * as caseRoute from '~/routes/verifikasi.$applicationId'

/**
 * Issue 5 through the model and the routes, against a real PostgreSQL: the claimed queue, MS/TMS
 * per requirement, the second-verifier sample and the panel, the frozen announcement, one
 * objection inside the server-clock window, the panel's answer and the post-objection list.
 */

const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const BIODATA = { address: 'Jl. Merdeka 1', city: 'Jakarta Pusat', postalCode: '10110', maritalStatus: 'BELUM_KAWIN' as const }
const EDUCATION = { level: 'S1' as const, university: 'Universitas Indonesia', studyProgramCode: 'S1-HUKUM', diplomaNumber: 'UI-2020-001', gpa: 3.4, cumlaude: false }

let dataDir: string
let periodId: string
let agencyId: string
let otherAgencyId: string
let positionA: string
let vacancyA: string
let positionB: string
let vacancyB: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-verification-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  const period = await prisma.selectionPeriod.create({ data: { code: 'VERIF-2026', name: 'Seleksi Verifikasi 2026', kind: 'CPNS', year: 2026, status: 'PUBLISHED' } })
  periodId = period.id
  const now = Date.now()
  await prisma.scheduleWindow.createMany({
    data: [
      { periodId, kind: 'REGISTRATION', opensAt: new Date(now - 86_400_000), closesAt: new Date(now + 5 * 86_400_000) },
      { periodId, kind: 'ADMIN_VERIFICATION', opensAt: new Date(now + 86_400_000), closesAt: new Date(now + 10 * 86_400_000) },
      // Open now, so the tests can announce; one test closes it to see the refusal.
      { periodId, kind: 'ADMIN_ANNOUNCEMENT', opensAt: new Date(now - 3_600_000), closesAt: new Date(now + 12 * 86_400_000) },
    ],
  })
  const agency = await prisma.agency.create({ data: { code: 'KEMVERIF', name: 'Kementerian Verifikasi', kind: 'CENTRAL' } })
  agencyId = agency.id
  otherAgencyId = (await prisma.agency.create({ data: { code: 'KEMLAIN', name: 'Kementerian Lain', kind: 'CENTRAL' } })).id
  await prisma.studyProgram.createMany({ data: [{ code: 'S1-HUKUM', name: 'Ilmu Hukum', level: 'S1' }], skipDuplicates: true })
  await prisma.formasiType.createMany({ data: [{ code: 'UMUM', name: 'Umum' }], skipDuplicates: true })
  const makePosition = async (code: string) => {
    const position = await prisma.position.create({
      data: {
        periodId,
        agencyId,
        code,
        name: `Jabatan ${code}`,
        unit: 'Sekretariat Jenderal',
        educationLevels: ['S1'],
        studyPrograms: { create: [{ studyProgramCode: 'S1-HUKUM' }] },
        documents: {
          create: [
            { code: 'PAS_FOTO', label: 'Pas foto', format: 'JPG', maxKb: 200, sortOrder: 1 },
            { code: 'IJAZAH', label: 'Ijazah', format: 'PDF', maxKb: 800, sortOrder: 2 },
          ],
        },
      },
    })
    const vacancy = await prisma.vacancy.create({ data: { positionId: position.id, formasiTypeCode: 'UMUM', location: 'Jakarta', count: 3 } })
    return [position.id, vacancy.id] as const
  }
  ;[positionA, vacancyA] = await makePosition('ANALIS')
  ;[positionB, vacancyB] = await makePosition('PERANCANG')
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

let serial = 0

async function staff(role: 'VERIFIER' | 'AGENCY_ADMIN', agency = agencyId) {
  serial++
  const user = await prisma.user.create({ data: { email: `staf${serial}@uji.test`, name: `Staf ${serial}`, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: user.id, role, agencyId: agency } })
  const session = await prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } })
  const cookie = (await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })).split(';')[0]!
  return { id: user.id, cookie, actor: { ...SYSTEM_ACTOR, actorId: user.id, actorRole: role } }
}

/** A finalised (SUBMITTED) application to `vacancyId`, built through the application model. */
async function submitted(vacancyId = vacancyA) {
  serial++
  const user = await prisma.user.create({ data: { email: `pelamar${serial}@uji.test`, name: `Pelamar ${serial}`, emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: user.id, role: 'APPLICANT' } })
  const identity = await prisma.applicantIdentity.create({
    data: {
      userId: user.id,
      periodId,
      nik: `31740117059800${String(serial).padStart(2, '0')}`,
      kk: '3174010101150003',
      fullName: `Sari Wulandari ${serial}`,
      birthPlace: 'Jakarta',
      birthDate: new Date('1998-05-17T00:00:00Z'),
      sex: 'P',
      phone: '+6281234567890',
      nikFlags: ['nik.regencyNotInLatestList'],
      confirmedAt: new Date(),
    },
  })
  const draft = await getOrCreateDraft(user.id, periodId)
  const actor = { ...SYSTEM_ACTOR, actorId: user.id, actorRole: 'APPLICANT' }
  expect(await saveBiodata(draft.id, user.id, BIODATA, actor)).toEqual({ ok: true })
  expect(await saveEducation(draft.id, user.id, EDUCATION, actor)).toEqual({ ok: true })
  expect(await chooseVacancy({ applicationId: draft.id, userId: user.id, vacancyId, replace: false, birthDate: identity.birthDate }, actor)).toEqual({ ok: true })
  for (const [code, bytes, type] of [
    ['PAS_FOTO', Buffer.concat([JPG, Buffer.from(`foto${serial}`)]), 'JPG'],
    ['IJAZAH', Buffer.concat([PDF, Buffer.from(`ijazah${serial}`)]), 'PDF'],
  ] as const) {
    expect((await uploadDocument({ applicationId: draft.id, userId: user.id, code, bytes, type, fileName: `${code}.x` }, actor)).ok).toBe(true)
  }
  expect((await finaliseApplication(draft.id, user.id, actor)).ok).toBe(true)
  return { userId: user.id, applicationId: draft.id, actor }
}

const allMs = [
  { requirementCode: 'PAS_FOTO', decision: 'MS' as const, reasonCode: null, note: null },
  { requirementCode: 'IJAZAH', decision: 'MS' as const, reasonCode: null, note: null },
]
const ijazahTms = [
  { requirementCode: 'PAS_FOTO', decision: 'MS' as const, reasonCode: null, note: null },
  { requirementCode: 'IJAZAH', decision: 'TMS' as const, reasonCode: 'TIDAK_TERBACA', note: 'Halaman kedua buram' },
]

async function call(handler: unknown, cookie: string, url: string, params: Record<string, string>) {
  try {
    return await (handler as (a: unknown) => Promise<Response>)({
      request: new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }),
      context: {},
      params,
    })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

const status = async (id: string) => (await prisma.application.findUniqueOrThrow({ where: { id } })).status

describe('the work queue (issue 5 "two verifiers never work the same application at once")', () => {
  test('two verifiers claiming at the same instant get different applications; an expired claim can be taken over', async () => {
    await saveSettings(agencyId, { samplePercent: 0, claimMinutes: 30 }, SYSTEM_ACTOR)
    const one = await submitted(vacancyB)
    const two = await submitted(vacancyB)
    const [v1, v2, v3] = [await staff('VERIFIER'), await staff('VERIFIER'), await staff('VERIFIER')]
    const [c1, c2] = await Promise.all([claim([agencyId], v1.actor), claim([agencyId], v2.actor)])
    expect(c1.ok && c2.ok).toBe(true)
    const claimed = [c1, c2].map((c) => (c.ok ? c.applicationId : null))
    expect(new Set(claimed).size).toBe(2)
    expect(claimed.sort()).toEqual([one.applicationId, two.applicationId].sort())

    // Nothing left for a third verifier while the claims hold.
    expect(await claim([agencyId], v3.actor)).toEqual({ ok: false, error: 'empty' })
    expect(await claim([agencyId], v3.actor, { applicationId: claimed[0]! })).toEqual({ ok: false, error: 'claimedByOther' })
    // 31 minutes later the first claim has expired: the third verifier takes it, and the first can no longer decide.
    const later = new Date(Date.now() + 31 * 60_000)
    const taken = await claim([agencyId], v3.actor, { now: later })
    expect(taken.ok).toBe(true)
    const takenId = taken.ok ? taken.applicationId : ''
    const holder = takenId === (c1.ok && c1.applicationId) ? v1 : v2
    expect(await recordDecision(takenId, [agencyId], allMs, holder.actor, later)).toEqual({ ok: false, error: 'notClaimed' })
    expect(await recordDecision(takenId, [agencyId], allMs, v3.actor, later)).toEqual({ ok: true, stage: 'DONE', result: 'MS' })
    const other = claimed.find((c) => c !== takenId)!
    const otherHolder = holder === v1 ? v2 : v1
    expect(await recordDecision(other, [agencyId], ijazahTms, otherHolder.actor)).toEqual({ ok: true, stage: 'DONE', result: 'TMS' })
  })

  test('a verifier of another agency sees nothing of the application: not the case, not its documents, not by URL', async () => {
    const app = await submitted()
    const stranger = await staff('VERIFIER', otherAgencyId)
    expect(await getCaseView(app.applicationId, [otherAgencyId], stranger.id)).toBeNull()
    expect(await claim([otherAgencyId], stranger.actor, { applicationId: app.applicationId })).toEqual({ ok: false, error: 'notFound' })
    const document = await prisma.applicationDocument.findFirstOrThrow({ where: { applicationId: app.applicationId, code: 'IJAZAH' } })
    expect(await getDocumentForStaff(document.id, [otherAgencyId])).toBeNull()
    expect((await call(documentRoute.loader, stranger.cookie, `/verifikasi/dokumen/${document.id}`, { documentId: document.id })).status).toBe(404)
    expect((await call(caseRoute.loader, stranger.cookie, `/verifikasi/${app.applicationId}`, { applicationId: app.applicationId })).status).toBe(404)

    // The agency's own verifier gets the file, and sees the NIK flags beside the documents.
    const own = await staff('VERIFIER')
    const response = await call(documentRoute.loader, own.cookie, `/verifikasi/dokumen/${document.id}`, { documentId: document.id })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    const view = await getCaseView(app.applicationId, [agencyId], own.id)
    expect(view?.identity?.nikFlags).toEqual(['nik.regencyNotInLatestList'])
    expect(view?.requirements.map((r) => [r.code, r.document?.id ?? null])).toEqual([
      ['PAS_FOTO', expect.any(String)],
      ['IJAZAH', document.id],
    ])
    await prisma.verificationCase.deleteMany({ where: { applicationId: app.applicationId } })
    await prisma.application.update({ where: { id: app.applicationId }, data: { status: 'WITHDRAWN' } })
  })

  test('a TMS needs a reason from the list; nothing is written when the decision is incomplete', async () => {
    const app = await submitted(vacancyB)
    const v = await staff('VERIFIER')
    expect((await claim([agencyId], v.actor, { applicationId: app.applicationId })).ok).toBe(true)
    const bad = await recordDecision(app.applicationId, [agencyId], [{ requirementCode: 'IJAZAH', decision: 'TMS', reasonCode: null, note: null }], v.actor)
    expect(bad).toEqual({
      ok: false,
      error: 'invalid',
      detail: [
        { requirementCode: 'PAS_FOTO', problem: 'missing' },
        { requirementCode: 'IJAZAH', problem: 'reasonRequired' },
      ],
    })
    expect(await prisma.verificationItem.count({ where: { case: { applicationId: app.applicationId } } })).toBe(0)
    // After the ADMIN_VERIFICATION window closes (server clock) nothing more is decided or claimed.
    const afterClose = new Date(Date.now() + 11 * 86_400_000)
    expect(await recordDecision(app.applicationId, [agencyId], allMs, v.actor, afterClose)).toEqual({ ok: false, error: 'closed' })
    expect(await claim([agencyId], v.actor, { applicationId: app.applicationId, now: afterClose })).toEqual({ ok: false, error: 'closed' })
    // Verifiers work while registration is still open (the verification window itself opens tomorrow).
    expect(await recordDecision(app.applicationId, [agencyId], allMs, v.actor)).toMatchObject({ ok: true, result: 'MS' })
  })
})

describe('the second-verifier sample and the agency panel', () => {
  test('a sampled decision goes to a different verifier; disagreement goes to the panel, which decides', async () => {
    await saveSettings(agencyId, { samplePercent: 100, claimMinutes: 30 }, SYSTEM_ACTOR)
    const app = await submitted(vacancyB)
    const [first, second] = [await staff('VERIFIER'), await staff('VERIFIER')]
    expect((await claim([agencyId], first.actor, { applicationId: app.applicationId })).ok).toBe(true)
    expect(await recordDecision(app.applicationId, [agencyId], allMs, first.actor)).toEqual({ ok: true, stage: 'SECOND', result: null })
    // The first verifier cannot review their own decision.
    expect(await claim([agencyId], first.actor, { applicationId: app.applicationId })).toEqual({ ok: false, error: 'notClaimable' })
    expect((await claim([agencyId], second.actor, { applicationId: app.applicationId })).ok).toBe(true)
    expect(await recordDecision(app.applicationId, [agencyId], ijazahTms, second.actor)).toEqual({ ok: true, stage: 'PANEL', result: null })

    const panel = await staff('AGENCY_ADMIN')
    expect(await panelDecide(app.applicationId, [otherAgencyId], [allMs[1]!], panel.actor)).toEqual({ ok: false, error: 'notFound' })
    expect(await panelDecide(app.applicationId, [agencyId], [allMs[1]!], panel.actor)).toEqual({ ok: true, stage: 'DONE', result: 'MS' })
    const done = await prisma.verificationCase.findUniqueOrThrow({ where: { applicationId: app.applicationId } })
    expect([done.firstResult, done.secondResult, done.result, done.sampled]).toEqual(['MS', 'TMS', 'MS', true])
    await saveSettings(agencyId, { samplePercent: 0, claimMinutes: 30 }, SYSTEM_ACTOR)
  })
})

describe('announcement, sanggah and the post-sanggah announcement (domain.md §2)', () => {
  test('the whole round for one position, by the server clock', async () => {
    await saveSettings(agencyId, { samplePercent: 0, claimMinutes: 30 }, SYSTEM_ACTOR)
    const good = await submitted()
    const objector = await submitted()
    const late = await submitted()
    const v = await staff('VERIFIER')
    const admin = await staff('AGENCY_ADMIN')

    // Nothing can be announced while an application of the position is still undecided.
    expect((await claim([agencyId], v.actor, { applicationId: good.applicationId })).ok).toBe(true)
    await recordDecision(good.applicationId, [agencyId], allMs, v.actor)
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'ADMINISTRATION' }, admin.actor)).toEqual({
      ok: false,
      error: 'unfinished',
      detail: { remaining: 2 },
    })
    for (const a of [objector, late]) {
      expect((await claim([agencyId], v.actor, { applicationId: a.applicationId })).ok).toBe(true)
      expect(await recordDecision(a.applicationId, [agencyId], ijazahTms, v.actor)).toMatchObject({ ok: true, result: 'TMS' })
    }
    const progress = (await progressByPosition(periodId, agencyId)).find((p) => p.positionId === positionA)!
    expect([progress.total, progress.decided, progress.ms, progress.tms]).toEqual([3, 3, 1, 2])
    // Before the announcement the applicant sees no result, and the status is unchanged.
    expect(await getApplicantResult(objector.userId)).toBeNull()
    expect(await status(objector.applicationId)).toBe('SUBMITTED')

    // Another agency's admin cannot announce it; outside the announcement window nobody can.
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [otherAgencyId], kind: 'ADMINISTRATION' }, admin.actor)).toEqual({ ok: false, error: 'notFound' })
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'ADMINISTRATION' }, admin.actor, new Date(Date.now() - 2 * 3_600_000))).toEqual({
      ok: false,
      error: 'windowClosed',
    })
    const publishedAt = new Date()
    const published = await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'ADMINISTRATION' }, admin.actor, publishedAt)
    expect(published.ok).toBe(true)
    const announcement = await prisma.announcement.findUniqueOrThrow({ where: { id: published.ok ? published.announcementId : '' }, include: { entries: true } })
    expect(announcement.contentHash).toBe(crypto.createHash('sha256').update(announcement.csv, 'utf8').digest('hex'))
    expect(announcement.csv).toContain('Ijazah: Dokumen tidak terbaca / buram — Halaman kedua buram')
    expect(announcement.rowCount).toBe(3)
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'ADMINISTRATION' }, admin.actor)).toEqual({ ok: false, error: 'alreadyPublished' })
    expect(await status(good.applicationId)).toBe('VERIFIED_MS')
    expect(await status(objector.applicationId)).toBe('VERIFIED_TMS')
    const history = await prisma.applicationStatusEvent.findMany({ where: { applicationId: objector.applicationId }, orderBy: { at: 'asc' } })
    expect(history.map((e) => e.status)).toEqual(['SUBMITTED', 'VERIFIED_TMS'])
    expect(history[1]!.reason).toContain('Ijazah: Dokumen tidak terbaca / buram')

    // The applicant sees TMS with the reason and the unmet requirement beside the documents.
    const seen = await getApplicantResult(objector.userId)
    expect(seen).toMatchObject({ result: 'TMS', canObject: true, unmet: [{ code: 'IJAZAH', label: 'Ijazah' }] })
    expect(seen!.reasons).toEqual(['Ijazah: Dokumen tidak terbaca / buram — Halaman kedua buram'])

    // Only TMS may object, once, inside the window.
    const reason = 'Ijazah saya jelas terbaca; mohon diperiksa kembali halaman kedua.'
    expect(await submitObjection(good.userId, reason, good.actor)).toEqual({ ok: false, error: 'notTms' })
    expect(await submitObjection(objector.userId, reason, objector.actor)).toEqual({ ok: true })
    expect(await submitObjection(objector.userId, reason, objector.actor)).toEqual({ ok: false, error: 'alreadyObjected' })
    expect(await prisma.objection.count({ where: { applicationId: objector.applicationId } })).toBe(1)
    const closesAt = announcement.objectionClosesAt!
    expect(await submitObjection(late.userId, reason, late.actor, new Date(closesAt.getTime() + 1))).toEqual({ ok: false, error: 'windowClosed' })

    // The post-sanggah list waits for the window to close and for every answer.
    const afterClose = new Date(closesAt.getTime() + 1)
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'POST_OBJECTION' }, admin.actor)).toEqual({ ok: false, error: 'objectionOpen' })
    expect(await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'POST_OBJECTION' }, admin.actor, afterClose)).toEqual({
      ok: false,
      error: 'objectionsPending',
    })
    const objection = await prisma.objection.findUniqueOrThrow({ where: { applicationId_stage: { applicationId: objector.applicationId, stage: 'ADMINISTRATION' } } })
    expect(await decideObjection({ objectionId: objection.id, agencyIds: [otherAgencyId], decision: 'ACCEPTED', reason: 'Dokumen terbaca jelas.' }, admin.actor)).toEqual({
      ok: false,
      error: 'notFound',
    })
    expect(
      await decideObjection({ objectionId: objection.id, agencyIds: [agencyId], decision: 'ACCEPTED', reason: 'Dokumen terbaca jelas.' }, admin.actor, new Date(announcement.panelClosesAt!.getTime() + 1)),
    ).toEqual({ ok: false, error: 'panelClosed' })
    expect(await decideObjection({ objectionId: objection.id, agencyIds: [agencyId], decision: 'ACCEPTED', reason: 'Dokumen terbaca jelas.' }, admin.actor, afterClose)).toEqual({ ok: true })
    expect(await decideObjection({ objectionId: objection.id, agencyIds: [agencyId], decision: 'REJECTED', reason: 'Berubah pikiran.' }, admin.actor, afterClose)).toEqual({
      ok: false,
      error: 'alreadyDecided',
    })
    expect(await status(objector.applicationId)).toBe('VERIFIED_MS')

    const post = await publishAnnouncement({ positionId: positionA, agencyIds: [agencyId], kind: 'POST_OBJECTION' }, admin.actor, afterClose)
    expect(post.ok).toBe(true)
    const postEntries = await prisma.announcementEntry.findMany({ where: { announcementId: post.ok ? post.announcementId : '' } })
    expect(postEntries.find((e) => e.applicationId === objector.applicationId)?.result).toBe('MS')
    expect(postEntries.find((e) => e.applicationId === late.applicationId)?.result).toBe('TMS')
    expect((await getApplicantResult(objector.userId))?.post?.result).toBe('MS')

    const events = await prisma.applicationStatusEvent.findMany({ where: { applicationId: objector.applicationId }, orderBy: { at: 'asc' } })
    expect(events.map((e) => e.status)).toEqual(['SUBMITTED', 'VERIFIED_TMS', 'VERIFIED_TMS', 'VERIFIED_MS'])
    const audit = await prisma.auditLog.findMany({ where: { entityId: objector.applicationId }, select: { action: true } })
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['verification.claim', 'verification.decide.first', 'objection.submit', 'objection.accept']))
    expect((await verifyAuditLog()).ok).toBe(true)

    const csv = (await exportVerification(periodId, agencyId, 'csv')).body.toString('utf8')
    expect(csv.split('\r\n')[0]).toContain('nomor_peserta,nama,kode_jabatan')
    expect(csv).toContain('Halaman kedua buram')
  })
})

describe('the agency export (issue 5 "export the list as XLSX and CSV")', () => {
  test('an agency admin downloads their own agency only; XLSX opens as a workbook with one row per application', async () => {
    const { loader } = await import('~/routes/instansi.verifikasi.ekspor')
    const own = await staff('AGENCY_ADMIN')
    const stranger = await staff('AGENCY_ADMIN', otherAgencyId)
    const url = (agency: string, format: string) => `/instansi/verifikasi/ekspor?instansi=${agency}&periode=${periodId}&format=${format}`
    expect((await call(loader, stranger.cookie, url(agencyId, 'xlsx'), {})).status).toBe(404)
    const response = await call(loader, own.cookie, url(agencyId, 'xlsx'), {})
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await response.arrayBuffer()) as unknown as ExcelJS.Buffer)
    const sheet = workbook.getWorksheet('Verifikasi')!
    const finalised = await prisma.application.count({ where: { periodId, status: { in: ['SUBMITTED', 'VERIFIED_MS', 'VERIFIED_TMS'] } } })
    expect(sheet.rowCount).toBe(finalised + 1)
    expect(sheet.getRow(1).getCell(1).value).toBe('nomor_peserta')
  })
})

describe('the panel page of a disagreement', () => {
  test('an agency admin settles it through the case page; a verifier cannot act as the panel', async () => {
    await saveSettings(agencyId, { samplePercent: 100, claimMinutes: 30 }, SYSTEM_ACTOR)
    const app = await submitted(vacancyB)
    const [first, second] = [await staff('VERIFIER'), await staff('VERIFIER')]
    await claim([agencyId], first.actor, { applicationId: app.applicationId })
    await recordDecision(app.applicationId, [agencyId], allMs, first.actor)
    await claim([agencyId], second.actor, { applicationId: app.applicationId })
    expect(await recordDecision(app.applicationId, [agencyId], ijazahTms, second.actor)).toMatchObject({ stage: 'PANEL' })
    await saveSettings(agencyId, { samplePercent: 0, claimMinutes: 30 }, SYSTEM_ACTOR)

    const post = async (cookie: string, fields: Record<string, string>) => {
      const body = new FormData()
      for (const [k, v] of Object.entries(fields)) body.set(k, v)
      try {
        return await (caseRoute.action as unknown as (a: unknown) => Promise<Response>)({
          request: new Request(`http://localhost/verifikasi/${app.applicationId}`, { method: 'POST', body, headers: { Cookie: cookie } }),
          context: {},
          params: { applicationId: app.applicationId },
        })
      } catch (thrown) {
        if (thrown instanceof Response) return thrown
        throw thrown
      }
    }
    const decision = { intent: 'panel', 'decision.IJAZAH': 'TMS', 'reason.IJAZAH': 'TIDAK_TERBACA', 'note.IJAZAH': 'Halaman kedua buram' }
    expect((await post(first.cookie, decision)).status).toBe(404)
    const admin = await staff('AGENCY_ADMIN')
    const answer = await post(admin.cookie, decision)
    expect(answer.status).toBe(302)
    expect(answer.headers.get('Location')).toBe('/instansi/verifikasi?hasil=panel')
    const done = await prisma.verificationCase.findUniqueOrThrow({ where: { applicationId: app.applicationId }, include: { items: true } })
    expect([done.stage, done.result, done.panelById]).toEqual(['DONE', 'TMS', admin.id])
    expect(done.items.filter((i) => i.round === 3).map((i) => [i.requirementCode, i.decision])).toEqual([['IJAZAH', 'TMS']])
  })
})
