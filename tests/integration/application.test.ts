import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import { commitNewSession } from '~/utils/session.server'
import {
  chooseVacancy,
  finaliseApplication,
  getApplication,
  getOrCreateDraft,
  getVacancyChoice,
  saveBiodata,
  saveEducation,
  uploadDocument,
} from '~/models/application.server'
import * as documentsRoute from '~/routes/lamaran.dokumen'
import * as documentFile from '~/routes/lamaran.dokumen.$documentId'
import * as formasiRoute from '~/routes/lamaran.formasi'
import * as cardRoute from '~/routes/lamaran.kartu'
import * as cardCheck from '~/routes/kartu-pendaftaran.$nomor'
import { registrationCardCode } from '~/utils/registration-card.server'

// ───────────────────────── fixtures ─────────────────────────

/** The smallest valid JPEG (1×1 px). */
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const jpgOfBytes = (n: number) => Buffer.concat([JPG, Buffer.alloc(n - JPG.length)])

const BIODATA = { address: 'Jl. Merdeka 1', city: 'Jakarta Pusat', postalCode: '10110', maritalStatus: 'BELUM_KAWIN' as const }
const EDUCATION = { level: 'S1' as const, university: 'Universitas Indonesia', studyProgramCode: 'S1-HUKUM', diplomaNumber: 'UI-2020-001', gpa: 3.4, cumlaude: false }

let dataDir: string
let periodId: string
let vacancyA: string
let vacancyB: string
let closesAt: Date

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-application-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  const period = await prisma.selectionPeriod.create({ data: { code: 'LAMAR-2026', name: 'Seleksi Lamar 2026', kind: 'CPNS', year: 2026, status: 'PUBLISHED' } })
  periodId = period.id
  // Closes at 23:59:59.999 WIB the day after tomorrow (16:59:59.999 UTC).
  const day = new Date(Date.now() + 2 * 86_400_000)
  closesAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 16, 59, 59, 999))
  await prisma.scheduleWindow.create({ data: { periodId, kind: 'REGISTRATION', opensAt: new Date(Date.now() - 86_400_000), closesAt } })
  const agency = await prisma.agency.create({ data: { code: 'KEMENUJI', name: 'Kementerian Uji', kind: 'CENTRAL' } })
  await prisma.studyProgram.createMany({ data: [{ code: 'S1-HUKUM', name: 'Ilmu Hukum', level: 'S1' }], skipDuplicates: true })
  await prisma.formasiType.createMany({ data: [{ code: 'UMUM', name: 'Umum' }], skipDuplicates: true })
  const makePosition = async (code: string, name: string) => {
    const position = await prisma.position.create({
      data: {
        periodId,
        agencyId: agency.id,
        code,
        name,
        unit: 'Sekretariat Jenderal',
        educationLevels: ['S1'],
        minGpa: 3.0,
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
    return vacancy.id
  }
  vacancyA = await makePosition('ANALIS', 'Analis Hukum')
  vacancyB = await makePosition('PERANCANG', 'Perancang Peraturan')
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

let serial = 0

/** A verified applicant with a confirmed identity in the period, and a cookie for the routes. */
async function applicant(opts: { birthDate?: string } = {}) {
  serial++
  const user = await prisma.user.create({
    data: { email: `pelamar${serial}@uji.test`, name: `Pelamar ${serial}`, passwordHash: null, emailVerifiedAt: new Date() },
  })
  await prisma.userRole.create({ data: { userId: user.id, role: 'APPLICANT' } })
  const identity = await prisma.applicantIdentity.create({
    data: {
      userId: user.id,
      periodId,
      nik: `31740117059800${String(serial).padStart(2, '0')}`,
      kk: '3174010101150003',
      fullName: `Budi Santoso ${serial}`,
      birthPlace: 'Jakarta',
      birthDate: new Date(`${opts.birthDate ?? '1998-05-17'}T00:00:00Z`),
      sex: 'L',
      phone: '+6281234567890',
      confirmedAt: new Date(),
    },
  })
  const session = await prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } })
  const cookie = (await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })).split(';')[0]!
  const application = await getOrCreateDraft(user.id, periodId)
  const actor = { ...SYSTEM_ACTOR, actorId: user.id, actorRole: 'APPLICANT' }
  return { user, identity, cookie, application, actor }
}

type Applicant = Awaited<ReturnType<typeof applicant>>

/** Fills every step through the model, as the routes do. */
async function complete(a: Applicant, vacancyId = vacancyA) {
  expect(await saveBiodata(a.application.id, a.user.id, BIODATA, a.actor)).toEqual({ ok: true })
  expect(await saveEducation(a.application.id, a.user.id, EDUCATION, a.actor)).toEqual({ ok: true })
  expect(
    await chooseVacancy({ applicationId: a.application.id, userId: a.user.id, vacancyId, replace: false, birthDate: a.identity.birthDate }, a.actor),
  ).toEqual({ ok: true })
  for (const [code, bytes, type] of [
    ['PAS_FOTO', JPG, 'JPG'],
    ['IJAZAH', PDF, 'PDF'],
  ] as const) {
    const result = await uploadDocument({ applicationId: a.application.id, userId: a.user.id, code, bytes, type, fileName: `${code}.x` }, a.actor)
    expect(result.ok).toBe(true)
  }
}

type Handler = (args: { request: Request; context: { ip?: string }; params: Record<string, string> }) => Promise<Response>

async function call(handler: unknown, a: Pick<Applicant, 'cookie'>, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
  const headers = new Headers(init.headers)
  headers.set('Cookie', a.cookie)
  try {
    return await (handler as Handler)({ request: new Request(`http://localhost${url}`, { ...init, headers }), context: { ip: '10.1.2.3' }, params })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

function uploadForm(code: string, file: File) {
  const form = new FormData()
  form.set('code', code)
  form.set('file', file)
  return { method: 'POST', body: form }
}

const vacancyCount = async (id: string) => (await prisma.vacancy.findUniqueOrThrow({ where: { id } })).applicantCount

// ───────────────────────── the step pages' one read ─────────────────────────

test('getApplication reads the chosen vacancy in its one statement exactly as Prisma would (documents in order, GPA as Decimal)', async () => {
  const a = await applicant()
  expect((await getApplication(a.user.id, a.identity.periodId))!.vacancy).toBeNull()
  await complete(a)
  // A minimum GPA with its two decimals, so the Decimal round trip is checked too.
  const chosen = await prisma.vacancy.findUniqueOrThrow({ where: { id: vacancyA }, select: { positionId: true } })
  await prisma.position.update({ where: { id: chosen.positionId }, data: { minGpa: '3.05' } })
  const loaded = await getApplication(a.user.id, a.identity.periodId)
  const expected = await getVacancyChoice(vacancyA, a.identity.periodId)
  expect(loaded!.vacancy).toEqual(expected)
  expect(loaded!.vacancy!.position.minGpa!.toFixed(2)).toBe('3.05')
  expect(loaded!.vacancy!.position.documents.length).toBeGreaterThan(1)
  // The step status still sees the required documents through the vacancy.
  const required = expected!.position.documents.filter((d) => d.required).map((d) => d.code)
  expect(loaded!.steps.documents).toBe(required.every((code) => ['PAS_FOTO', 'IJAZAH'].includes(code)))
})

// ───────────────────────── one application per period ─────────────────────────

describe('one agency, one position, one formasi per period', () => {
  test('a link with another vacancy never replaces the choice silently; "Ganti pilihan" does, and restarts the documents', async () => {
    const a = await applicant()
    await complete(a)
    const before = await prisma.applicationDocument.findMany({ where: { applicationId: a.application.id } })
    expect(before.every((d) => d.replacedAt === null)).toBe(true)

    const silent = await chooseVacancy(
      { applicationId: a.application.id, userId: a.user.id, vacancyId: vacancyB, replace: false, birthDate: a.identity.birthDate },
      a.actor,
    )
    expect(silent).toEqual({ ok: false, error: 'otherChoice', detail: { currentVacancyId: vacancyA } })
    expect((await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })).vacancyId).toBe(vacancyA)

    // The page for /daftar?formasi=B shows both choices and asks for the explicit confirmation.
    const page = await call(formasiRoute.loader, a, `/lamaran/formasi?formasi=${vacancyB}`)
    const view = (await page.json()) as { current: { id: string }; proposed: { id: string } }
    expect(view.current.id).toBe(vacancyA)
    expect(view.proposed.id).toBe(vacancyB)
    // Submitting "Ganti pilihan" without ticking the confirmation changes nothing.
    const unconfirmed = new FormData()
    unconfirmed.set('intent', 'replace')
    unconfirmed.set('vacancyId', vacancyB)
    expect((await call(formasiRoute.action, a, '/lamaran/formasi', { method: 'POST', body: unconfirmed })).status).toBe(400)
    expect((await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })).vacancyId).toBe(vacancyA)

    const confirmed = new FormData()
    confirmed.set('intent', 'replace')
    confirmed.set('vacancyId', vacancyB)
    confirmed.set('confirm', 'on')
    expect((await call(formasiRoute.action, a, '/lamaran/formasi', { method: 'POST', body: confirmed })).status).toBe(302)
    expect((await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })).vacancyId).toBe(vacancyB)
    const after = await prisma.applicationDocument.findMany({ where: { applicationId: a.application.id } })
    expect(after).toHaveLength(2)
    expect(after.every((d) => d.replacedAt !== null)).toBe(true)
    expect(await prisma.auditLog.count({ where: { entityId: a.application.id, action: 'application.vacancy.replace' } })).toBe(1)
    // Only one application row exists for the applicant in the period.
    expect(await prisma.application.count({ where: { userId: a.user.id } })).toBe(1)
  })

  test('after finalising, another vacancy (or any change) is refused and nothing changes', async () => {
    const a = await applicant()
    await complete(a)
    const done = await finaliseApplication(a.application.id, a.user.id, a.actor)
    expect(done.ok).toBe(true)
    const countB = await vacancyCount(vacancyB)
    for (const replace of [false, true]) {
      expect(
        await chooseVacancy({ applicationId: a.application.id, userId: a.user.id, vacancyId: vacancyB, replace, birthDate: a.identity.birthDate }, a.actor),
      ).toEqual({ ok: false, error: 'locked' })
    }
    expect(await saveBiodata(a.application.id, a.user.id, { ...BIODATA, city: 'Bogor' }, a.actor)).toEqual({ ok: false, error: 'locked' })
    const upload = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('PAS_FOTO', new File([JPG], 'foto.jpg')))
    expect(upload.status).toBe(403)
    const row = await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })
    expect(row).toMatchObject({ vacancyId: vacancyA, status: 'SUBMITTED' })
    expect((row.biodata as { city: string }).city).toBe('Jakarta Pusat')
    expect(await vacancyCount(vacancyB)).toBe(countB)
    // A second finalise is refused as well: one registration number.
    expect(await finaliseApplication(a.application.id, a.user.id, a.actor)).toEqual({ ok: false, error: 'locked' })
  })

  test('eligibility is checked when choosing: a 40-year-old is refused for CPNS (max 35) with the rule named', async () => {
    const a = await applicant({ birthDate: '1984-01-01' })
    const result = await chooseVacancy(
      { applicationId: a.application.id, userId: a.user.id, vacancyId: vacancyA, replace: false, birthDate: a.identity.birthDate },
      a.actor,
    )
    expect(result).toMatchObject({ ok: false, error: 'ineligible', detail: [{ rule: 'age.tooOld', max: 35 }] })
    expect((await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })).vacancyId).toBeNull()
  })
})

// ───────────────────────── documents ─────────────────────────

describe('document limits (through the upload route)', () => {
  let a: Applicant
  beforeAll(async () => {
    a = await applicant()
    await saveBiodata(a.application.id, a.user.id, BIODATA, a.actor)
    await chooseVacancy({ applicationId: a.application.id, userId: a.user.id, vacancyId: vacancyA, replace: false, birthDate: a.identity.birthDate }, a.actor)
  })

  const problemOf = async (response: Response) => ((await response.json()) as { code: string; error: string }).error

  test('a JPG over 200 KB for the pas foto slot is refused, naming the limit; exactly 200 KB is accepted', async () => {
    const over = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('PAS_FOTO', new File([jpgOfBytes(200 * 1024 + 1)], 'foto.jpg', { type: 'image/jpeg' })))
    expect(over.status).toBe(413)
    expect(await problemOf(over)).toBe('application.errors.upload.tooLarge|{"maxKb":200,"format":"JPG"}')
    // Larger than every slot of the position (the part is not even kept in memory).
    const huge = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('PAS_FOTO', new File([jpgOfBytes(900 * 1024)], 'foto.jpg', { type: 'image/jpeg' })))
    expect(await problemOf(huge)).toMatch(/^application\.errors\.upload\.tooLarge\|.*"maxKb":200/)
    expect(await prisma.applicationDocument.count({ where: { applicationId: a.application.id } })).toBe(0)

    const exact = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('PAS_FOTO', new File([jpgOfBytes(200 * 1024)], 'foto.jpg', { type: 'image/jpeg' })))
    expect(exact.status).toBe(302)
  })

  test('a PDF renamed .jpg (and declared image/jpeg) is refused by its bytes', async () => {
    const response = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('PAS_FOTO', new File([PDF], 'foto.jpg', { type: 'image/jpeg' })))
    expect(response.status).toBe(400)
    expect(await problemOf(response)).toBe('application.errors.upload.wrongType|{"maxKb":200,"format":"JPG"}')
    // …and a JPG is no ijazah.
    const jpgAsPdf = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('IJAZAH', new File([JPG], 'ijazah.pdf', { type: 'application/pdf' })))
    expect(await problemOf(jpgAsPdf)).toBe('application.errors.upload.wrongType|{"maxKb":800,"format":"PDF"}')
  })

  test('an empty file is refused', async () => {
    const response = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('IJAZAH', new File([], 'ijazah.pdf', { type: 'application/pdf' })))
    expect(response.status).toBe(400)
    expect(await problemOf(response)).toBe('application.errors.upload.empty|{"maxKb":800,"format":"PDF"}')
    expect(await prisma.applicationDocument.count({ where: { applicationId: a.application.id, code: 'IJAZAH' } })).toBe(0)
  })

  test('re-uploading replaces the document; the old version is kept, marked replaced, and audited', async () => {
    const first = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('IJAZAH', new File([PDF], 'ijazah.pdf')))
    expect(first.status).toBe(302)
    const second = await call(documentsRoute.action, a, '/lamaran/dokumen', uploadForm('IJAZAH', new File([PDF, Buffer.from('% v2\n')], 'ijazah-v2.pdf')))
    expect(second.status).toBe(302)
    const versions = await prisma.applicationDocument.findMany({ where: { applicationId: a.application.id, code: 'IJAZAH' }, orderBy: { uploadedAt: 'asc' } })
    expect(versions).toHaveLength(2)
    expect(versions[0]!.replacedAt).not.toBeNull()
    expect(versions[1]).toMatchObject({ replacedAt: null, fileName: 'ijazah-v2.pdf' })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: a.application.id, action: 'application.document.replace' } })
    expect(JSON.stringify(audit.before)).toContain(versions[0]!.fileHash)
    expect(JSON.stringify(audit.after)).toContain(versions[1]!.fileHash)
  })

  test("another applicant's document id is a 404; the owner gets the bytes", async () => {
    const document = await prisma.applicationDocument.findFirstOrThrow({ where: { applicationId: a.application.id, replacedAt: null, code: 'IJAZAH' } })
    const own = await call(documentFile.loader, a, `/lamaran/dokumen/${document.id}`, {}, { documentId: document.id })
    expect(own.status).toBe(200)
    expect(Buffer.from(await own.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    const other = await applicant()
    const stolen = await call(documentFile.loader, other, `/lamaran/dokumen/${document.id}`, {}, { documentId: document.id })
    expect(stolen.status).toBe(404)
    const anonymous = await call(documentFile.loader, { cookie: '' }, `/lamaran/dokumen/${document.id}`, {}, { documentId: document.id })
    expect(anonymous.status).toBe(302)
  })
})

// ───────────────────────── finalise ─────────────────────────

describe('finalise', () => {
  test('refuses an incomplete application, naming the missing steps', async () => {
    const a = await applicant()
    await saveBiodata(a.application.id, a.user.id, BIODATA, a.actor)
    expect(await finaliseApplication(a.application.id, a.user.id, a.actor)).toEqual({
      ok: false,
      error: 'incomplete',
      detail: ['formasi', 'education', 'documents'],
    })
  })

  test('the deadline edge: 23:59:59.999 WIB is accepted; the next millisecond is refused and nothing changes', async () => {
    const onTime = await applicant()
    const late = await applicant()
    await complete(onTime)
    await complete(late)
    const count = await vacancyCount(vacancyA)

    const refused = await finaliseApplication(late.application.id, late.user.id, late.actor, { now: new Date(closesAt.getTime() + 1) })
    expect(refused).toEqual({ ok: false, error: 'closed' })
    expect(await prisma.application.findUniqueOrThrow({ where: { id: late.application.id } })).toMatchObject({
      status: 'DRAFT',
      registrationNumber: null,
      finalizedAt: null,
    })
    expect(await prisma.applicationStatusEvent.count({ where: { applicationId: late.application.id } })).toBe(0)
    expect(await vacancyCount(vacancyA)).toBe(count)

    const accepted = await finaliseApplication(onTime.application.id, onTime.user.id, onTime.actor, { now: closesAt })
    expect(accepted).toMatchObject({ ok: true, registrationNumber: expect.stringMatching(/^2026-KEMENUJI-\d{8}$/) })
    const row = await prisma.application.findUniqueOrThrow({ where: { id: onTime.application.id } })
    expect(row.finalizedAt?.toISOString()).toBe(closesAt.toISOString())
    expect(await vacancyCount(vacancyA)).toBe(count + 1)
  })

  test('two finalises at once: exactly one registration number, applicantCount + 1 once, one event, one mail', async () => {
    const a = await applicant()
    await complete(a)
    const count = await vacancyCount(vacancyA)
    const results = await Promise.all([
      finaliseApplication(a.application.id, a.user.id, a.actor),
      finaliseApplication(a.application.id, a.user.id, a.actor),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'locked' }])
    expect(await vacancyCount(vacancyA)).toBe(count + 1)
    const row = await prisma.application.findUniqueOrThrow({ where: { id: a.application.id } })
    expect(row.registrationNumber).toBe((results.find((r) => r.ok) as { registrationNumber: string }).registrationNumber)
    expect(await prisma.applicationStatusEvent.count({ where: { applicationId: a.application.id } })).toBe(1)
    expect(await prisma.emailLog.count({ where: { to: a.user.email, template: 'application-status' } })).toBe(1)
  })

  test('writes the status event with its reason, the audit rows and a queued e-mail; numbers are unique', async () => {
    const people = [await applicant(), await applicant(), await applicant()]
    for (const p of people) await complete(p, vacancyB)
    const results = await Promise.all(people.map((p) => finaliseApplication(p.application.id, p.user.id, p.actor)))
    const numbers = results.map((r) => (r.ok ? r.registrationNumber : null))
    expect(numbers.every(Boolean)).toBe(true)
    expect(new Set(numbers).size).toBe(3)

    const p = people[0]!
    const event = await prisma.applicationStatusEvent.findFirstOrThrow({ where: { applicationId: p.application.id } })
    expect(event).toMatchObject({ status: 'SUBMITTED', actorId: p.user.id, reason: expect.stringContaining('diakhiri') })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: p.application.id, action: 'application.finalise' } })
    expect(audit).toMatchObject({ actorId: p.user.id, after: expect.objectContaining({ status: 'SUBMITTED', registrationNumber: numbers[0] }) })
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { to: p.user.email, template: 'application-status' } })
    expect(mail.subject).toContain('Perubahan status')
    expect((await verifyAuditLog()).ok).toBe(true)
  })

  test('the Kartu Pendaftaran is a PDF of the owner; its QR page verifies only a signed number', async () => {
    const a = await applicant()
    await complete(a)
    const done = await finaliseApplication(a.application.id, a.user.id, a.actor)
    if (!done.ok) throw new Error(done.error)
    const card = await call(cardRoute.loader, a, '/lamaran/kartu')
    expect(card.status).toBe(200)
    const pdf = Buffer.from(await card.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain(done.registrationNumber)
    // An applicant without a finalised application has no card.
    expect((await call(cardRoute.loader, await applicant(), '/lamaran/kartu')).status).toBe(404)

    const check = await cardCheck.loader({ request: new Request('http://localhost/'), params: { nomor: registrationCardCode(done.registrationNumber) }, context: {} })
    const body = (await check.json()) as { card: { registrationNumber: string; name: string; nik: string; status: string } }
    expect(body.card).toMatchObject({ registrationNumber: done.registrationNumber, status: 'SUBMITTED' })
    expect(body.card.name).not.toContain('Santoso')
    expect(body.card.nik).toMatch(/^\d{4}\*+\d{4}$/)
    // The bare number (or a forged signature) is not enough.
    for (const nomor of [done.registrationNumber, `${done.registrationNumber}.AAAAAAAAAAAAAAAA`]) {
      const forged = await cardCheck.loader({ request: new Request('http://localhost/'), params: { nomor }, context: {} })
      expect(forged.status).toBe(404)
    }
  })
})
