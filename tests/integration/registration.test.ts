import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { prisma } from '~/utils/db.server'
import { resetEnvCache } from '~/utils/env.server'
import { SYSTEM_ACTOR, verifyAuditLog } from '~/models/audit.server'
import * as step1 from '~/routes/daftar-akun._index'
import * as step2 from '~/routes/daftar-akun.data'
import * as step3 from '~/routes/daftar-akun.periksa'
import * as photo from '~/routes/daftar-akun.foto.$jenis'
import * as cardRoute from '~/routes/akun.kartu-informasi'
import * as cardCheck from '~/routes/kartu-akun.$kode'
import {
  getPopulationRegistry,
  httpPopulationRegistry,
  localPopulationRegistry,
  RegistryUnavailableError,
} from '~/models/population-registry.server'
import { getRegionLookup } from '~/models/regions.server'
import { checkNik } from '~/domain/identity/nik'
import { contentHash, readStoredFile, sniffFileType, storeFile } from '~/utils/storage.server'
import { seal, unseal } from '~/utils/registration-state.server'
import { accountCardCode } from '~/utils/account-card.server'
import { requireVerifiedApplicant } from '~/utils/applicant.server'
import { login, startResetBySecurityAnswer } from '~/models/user.server'
import { checkIdentity } from '~/models/registration.server'
import { seedDemoPopulation, readPenduduk } from '../../prisma/demo/population-seed'
import { DEMO_PERIOD_CODE } from '../../prisma/demo/seed'
import { createCaptchaChallenge } from '~/utils/captcha.server'
import { solveCaptcha } from '../../scripts/lib/captcha-solver'
import * as helpdesk from '~/routes/lupa-sandi_.tanpa-surel'

// ───────────────────────── fixtures ─────────────────────────

/** The smallest valid JPEG (1×1 px, 134 bytes). */
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
/** A JPEG of exactly `kb` KiB (valid header, zero padding). */
const jpgOfKb = (kb: number) => Buffer.concat([JPG, Buffer.alloc(kb * 1024 - JPG.length)])
const PASSWORD = 'Rahasia-Kuat-2026'

type Person = { nik: string; kk: string; name: string; birthPlace: string; birthDate: string; sex: 'L' | 'P' }
const MAN: Person = { nik: '3174011705980001', kk: '3174010101150003', name: 'Budi Santoso', birthPlace: 'Jakarta', birthDate: '1998-05-17', sex: 'L' }
// A woman: day 17 + 40 = 57 in the NIK (Kota Bandung, Coblong).
const WOMAN = { nik: '3273025705980002', kk: '3273020202160004', name: 'Siti Nurhaliza', birthPlace: 'Bandung', birthDate: '1998-05-17', sex: 'P' as const }
// Issued in Merauke before Papua's 2022 split: regency 91.01 is no longer in the latest list.
const OLD_PAPUA = { nik: '9101010211940001', kk: '9101010101100005', name: 'Yakobus Gebze', birthPlace: 'Merauke', birthDate: '1994-11-02', sex: 'L' as const }

/** Two security questions and answers (domain.md §1 A.2). */
const SECURITY = { question1: 'motherMaidenName', answer1: 'Siti Aminah', question2: 'firstSchool', answer2: 'SDN 01 Menteng' }
function setSecurityAnswers(form: FormData, overrides: Partial<typeof SECURITY> = {}) {
  for (const [k, v] of Object.entries({ ...SECURITY, ...overrides })) form.set(k, v)
}

let periodId: string
let dataDir: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-registration-'))
  process.env.DATA_DIR = dataDir
  resetEnvCache()
  const period = await prisma.selectionPeriod.create({
    data: { code: 'UJI-2026', name: 'Seleksi Uji 2026', kind: 'CPNS', year: 2026 },
  })
  periodId = period.id
  await prisma.scheduleWindow.create({
    data: { periodId, kind: 'REGISTRATION', opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000) },
  })
  for (const r of [MAN, WOMAN, OLD_PAPUA]) {
    await prisma.populationRecord.create({
      data: { nik: r.nik, kk: r.kk, name: r.name, birthPlace: r.birthPlace, birthDate: new Date(`${r.birthDate}T00:00:00Z`), sex: r.sex },
    })
  }
})

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
})

// ───────────────────────── driving the wizard like a browser ─────────────────────────

type Handler = (args: { request: Request; context: { ip?: string }; params: Record<string, string> }) => Promise<Response>

class Browser {
  jar = new Map<string, string>()
  ip = `10.${rand()}.${rand()}.${rand()}`

  async send(handler: unknown, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
    const headers = new Headers(init.headers)
    if (this.jar.size) headers.set('Cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const request = new Request(`http://localhost${url}`, { ...init, headers })
    let response: Response
    try {
      response = await (handler as Handler)({ request, context: { ip: this.ip }, params })
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown
      response = thrown
    }
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (!value || /Max-Age=0/i.test(cookie)) this.jar.delete(name)
      else this.jar.set(name, value)
    }
    return response
  }

  async identity(person: Person, overrides: Record<string, string> = {}) {
    const form = new FormData()
    const values = {
      periodId,
      nik: person.nik,
      kk: person.kk,
      fullName: person.name,
      birthPlace: person.birthPlace,
      birthDate: person.birthDate,
      sex: person.sex,
      email: `${person.nik}@uji.test`,
      phone: '0812 3456 7890',
      ...overrides,
    }
    for (const [k, v] of Object.entries(values)) form.set(k, v)
    if (!('captcha' in overrides)) form.set('captcha', await solveCaptcha(await createCaptchaChallenge()))
    return this.send(step1.action, '/daftar-akun?index', { method: 'POST', body: form })
  }

  data(
    opts: {
      ktp?: Blob & { name?: string }
      selfie?: Blob
      password?: string
      confirm?: string
      statement?: boolean
      security?: Partial<typeof SECURITY>
    } = {},
  ) {
    const form = new FormData()
    form.set('password', opts.password ?? PASSWORD)
    form.set('confirm', opts.confirm ?? opts.password ?? PASSWORD)
    if (opts.statement !== false) form.set('statement', 'on')
    setSecurityAnswers(form, opts.security)
    form.set('ktp', opts.ktp ?? new File([JPG], 'ktp.jpg', { type: 'image/jpeg' }))
    form.set('selfie', opts.selfie ?? new File([JPG, Buffer.from('selfie')], 'swafoto.jpg', { type: 'image/jpeg' }))
    return this.send(step2.action, '/daftar-akun/data', { method: 'POST', body: form })
  }

  confirm() {
    return this.send(step3.action, '/daftar-akun/periksa', { method: 'POST', body: new FormData() })
  }

  /** Steps 1–3 for a resident; returns the final response. */
  async register(person: Person, overrides: Record<string, string> = {}) {
    expect(await this.identity(person, overrides)).toMatchObject({ status: 302 })
    expect(await this.data()).toMatchObject({ status: 302 })
    return this.confirm()
  }
}

function rand() {
  return Math.floor(Math.random() * 250) + 1
}

async function errorsOf(response: Response) {
  const body = (await response.json()) as { result?: { error?: Record<string, string[]> }; problem?: string }
  return body.result?.error ?? { problem: [body.problem ?? ''] }
}

const location = (r: Response) => r.headers.get('Location')

// ───────────────────────── step 1: the identity rules, in SSCASN's order ─────────────────────────

describe('step 1 — identity', () => {
  test.each([
    ['15 digits', { nik: '317401170598001' }, 'nik', 'registration.errors.nik.format'],
    ['an unknown province (99)', { nik: '9974011705980001' }, 'nik', 'registration.errors.nik.province'],
    ['an impossible date in the NIK (day 32)', { nik: '3174013205980001' }, 'nik', 'registration.errors.nik.birthDate'],
    ['a date of birth that differs from the NIK', { birthDate: '1998-05-18' }, 'nik', 'registration.errors.nik.birthDateMismatch'],
    ["a man's NIK entered as a woman", { sex: 'P' }, 'nik', 'registration.errors.nik.sexMismatch'],
    ['serial number 0000', { nik: '3174011705980000' }, 'nik', 'registration.errors.nik.serial'],
    ['a KK of 15 digits', { kk: '317401010115000' }, 'kk', 'registration.errors.kk.format'],
    ['a KK with an unknown province', { kk: '9974010101150003' }, 'kk', 'registration.errors.kk.province'],
  ])('%s is refused with its own message, before the registry is asked', async (_label, overrides, field, message) => {
    const browser = new Browser()
    const response = await browser.identity(MAN, overrides)
    expect(response.status).toBe(400)
    expect((await errorsOf(response))[field]).toEqual([message])
    expect(browser.jar.has('__registrasi')).toBe(false)
    // The registry was not asked: the per-address counter in front of it was never touched.
    expect(await prisma.rateLimitBucket.count({ where: { key: `register:ip:${browser.ip}` } })).toBe(0)
  })

  test("a woman's NIK carries her day of birth + 40; entered as a man it is refused", async () => {
    const asMan = await new Browser().identity(WOMAN, { sex: 'L' })
    expect((await errorsOf(asMan)).nik).toEqual(['registration.errors.nik.sexMismatch'])
    const browser = new Browser()
    const ok = await browser.identity(WOMAN)
    expect(ok.status).toBe(302)
    expect(location(ok)).toBe('/daftar-akun/data')
  })

  test('the registry decides next: NOT_FOUND and MISMATCH both send the applicant to Dukcapil', async () => {
    // Structurally valid (Tebet, 17-05-1998, serial 0099) but not a resident.
    const notFound = await new Browser().identity(MAN, { nik: '3174011705980099' })
    expect(notFound.status).toBe(400)
    expect((await errorsOf(notFound))['']).toEqual(['registration.errors.notInRegistry'])

    const wrongName = await new Browser().identity(MAN, { fullName: 'Budi Santosa' })
    expect((await errorsOf(wrongName))['']).toEqual(['registration.errors.notInRegistry'])
    const wrongKk = await new Browser().identity(MAN, { kk: '3174010101150009' })
    expect((await errorsOf(wrongKk))['']).toEqual(['registration.errors.notInRegistry'])

    // Letter case and spaces of the name do not matter.
    expect(await new Browser().identity(MAN, { fullName: '  budi   SANTOSO ' })).toMatchObject({ status: 302 })
  })

  test('names with titles, bad phone numbers and impossible dates are refused by the form', async () => {
    const response = await new Browser().identity(MAN, { fullName: 'Budi Santoso, S.Kom', phone: '021-555', birthDate: '1998-02-30' })
    const errors = await errorsOf(response)
    expect(errors.fullName).toEqual(['registration.errors.nameTitle'])
    expect(errors.phone).toEqual(['registration.errors.phone'])
    expect(errors.birthDate).toEqual(['registration.errors.birthDate'])
  })

  test('a registry that cannot be reached is said so, and nothing is kept', async () => {
    process.env.DUKCAPIL_URL = 'http://127.0.0.1:9/dukcapil' // discard port: connection refused
    resetEnvCache()
    try {
      const browser = new Browser()
      const response = await browser.identity(MAN)
      expect(response.status).toBe(503)
      expect((await errorsOf(response))['']).toEqual(['registration.errors.registryUnavailable'])
      expect(browser.jar.has('__registrasi')).toBe(false)
    } finally {
      delete process.env.DUKCAPIL_URL
      resetEnvCache()
    }
  })

  test('one address may ask the registry only so often', async () => {
    process.env.LOGIN_IP_LIMIT_PER_MINUTE = '2'
    resetEnvCache()
    try {
      const browser = new Browser()
      expect((await browser.identity(MAN, { nik: '3174011705980098' })).status).toBe(400)
      expect((await browser.identity(MAN, { nik: '3174011705980098' })).status).toBe(400)
      const third = await browser.identity(MAN)
      expect(third.status).toBe(429)
      expect((await errorsOf(third))['']).toEqual(['registration.errors.rateLimited'])
    } finally {
      delete process.env.LOGIN_IP_LIMIT_PER_MINUTE
      resetEnvCache()
    }
  })

  test('outside the REGISTRATION window nothing is accepted', async () => {
    const closed = await prisma.selectionPeriod.create({ data: { code: 'UJI-TUTUP', name: 'Periode Tutup', kind: 'CPNS', year: 2026 } })
    await prisma.scheduleWindow.create({
      data: { periodId: closed.id, kind: 'REGISTRATION', opensAt: new Date(Date.now() - 2 * 86_400_000), closesAt: new Date(Date.now() - 1) },
    })
    const response = await new Browser().identity(MAN, { periodId: closed.id })
    expect(response.status).toBe(403)
    expect((await errorsOf(response))['']).toEqual(['registration.errors.registrationClosed'])
    // The page lists only periods whose window is open.
    const page = await new Browser().send(step1.loader, '/daftar-akun')
    const { periods } = (await page.json()) as { periods: { id: string }[] }
    expect(periods.map((p) => p.id)).toEqual([periodId])
  })

  test('step 2 without step 1 (or with a forged state) goes back to step 1', async () => {
    const none = await new Browser().send(step2.loader, '/daftar-akun/data')
    expect(location(none)).toBe('/daftar-akun?pesan=kedaluwarsa')
    const forged = new Browser()
    const fake = Buffer.from(JSON.stringify({ v: 1, identity: { nik: MAN.nik }, exp: Date.now() + 60_000 })).toString('base64url')
    forged.jar.set('__registrasi', encodeURIComponent(Buffer.from(JSON.stringify(fake)).toString('base64')))
    expect(location(await forged.send(step2.loader, '/daftar-akun/data'))).toBe('/daftar-akun?pesan=kedaluwarsa')
    expect(location(await forged.confirm())).toBe('/daftar-akun?pesan=kedaluwarsa')
  })
})

// ───────────────────────── step 2: password and photos ─────────────────────────

describe('step 2 — password, KTP and selfie', () => {
  async function atStep2() {
    const browser = new Browser()
    expect(await browser.identity(MAN)).toMatchObject({ status: 302 })
    return browser
  }

  test('a file over 200 KB is refused with the limit named; the other photo is kept', async () => {
    const browser = await atStep2()
    const response = await browser.data({ ktp: new File([jpgOfKb(201)], 'ktp.jpg', { type: 'image/jpeg' }) })
    expect(response.status).toBe(400)
    const errors = await errorsOf(response)
    expect(errors.ktp).toEqual(['registration.upload.tooLarge|{"limit":200,"format":"JPG"}'])
    expect(errors.selfie).toBeUndefined()
    // Exactly 200 KB is allowed; the selfie from the first attempt need not be sent again.
    const form = new FormData()
    form.set('password', PASSWORD)
    form.set('confirm', PASSWORD)
    form.set('statement', 'on')
    setSecurityAnswers(form)
    form.set('ktp', new File([jpgOfKb(200)], 'ktp.jpg', { type: 'image/jpeg' }))
    form.set('selfie', new File([], '', { type: 'application/octet-stream' }))
    const retry = await browser.send(step2.action, '/daftar-akun/data', { method: 'POST', body: form })
    expect(retry.status).toBe(302)
    expect(location(retry)).toBe('/daftar-akun/periksa')
  })

  test('a PDF renamed .jpg (sent as image/jpeg) is refused: the bytes decide', async () => {
    const browser = await atStep2()
    const response = await browser.data({ selfie: new File([PDF], 'swafoto.jpg', { type: 'image/jpeg' }) })
    expect((await errorsOf(response)).selfie).toEqual(['registration.upload.wrongType|{"limit":200,"format":"JPG"}'])
    expect(sniffFileType(PDF)).toBe('PDF')
  })

  test('an empty file and a missing file are refused', async () => {
    const browser = await atStep2()
    const form = new FormData()
    form.set('password', PASSWORD)
    form.set('confirm', PASSWORD)
    form.set('statement', 'on')
    setSecurityAnswers(form)
    form.set('ktp', new File([], 'ktp.jpg', { type: 'image/jpeg' }))
    const response = await browser.send(step2.action, '/daftar-akun/data', { method: 'POST', body: form })
    const errors = await errorsOf(response)
    expect(errors.ktp).toEqual(['registration.upload.empty|{"limit":200,"format":"JPG"}'])
    expect(errors.selfie).toEqual(['registration.upload.missing|{"limit":200,"format":"JPG"}'])
  })

  test('the password rule, the repeated password and the statement are checked on the server', async () => {
    const browser = await atStep2()
    const weak = await browser.data({ password: 'pendek1' })
    expect((await errorsOf(weak)).password).toEqual(['password.tooShort'])
    const mismatch = await browser.data({ password: PASSWORD, confirm: 'Rahasia-Lain-2026' })
    expect((await errorsOf(mismatch)).confirm).toEqual(['reset.mismatch'])
    const noStatement = await browser.data({ statement: false })
    expect((await errorsOf(noStatement)).statement).toEqual(['registration.errors.statement'])
  })

  test('a request far over the limits is refused without reading it', async () => {
    const browser = await atStep2()
    const response = await browser.send(step2.action, '/daftar-akun/data', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(50 * 1024 * 1024) },
      body: '--x--',
    })
    expect(response.status).toBe(413)
    expect((await errorsOf(response))['']).toEqual(['registration.upload.requestTooLarge|{"limit":200}'])
  })

  test('one address may upload only so often (photos are stored before the account exists)', async () => {
    const browser = await atStep2()
    process.env.LOGIN_IP_LIMIT_PER_MINUTE = '2'
    resetEnvCache()
    try {
      expect((await browser.data({ password: 'pendek1' })).status).toBe(400)
      expect((await browser.data({ password: 'pendek1' })).status).toBe(400)
      const third = await browser.data()
      expect(third.status).toBe(429)
      expect((await errorsOf(third))['']).toEqual(['registration.errors.rateLimited'])
    } finally {
      delete process.env.LOGIN_IP_LIMIT_PER_MINUTE
      resetEnvCache()
    }
  })

  test('failed uploads leave nothing half-written: no account, no identity, no file record', async () => {
    const browser = await atStep2()
    await browser.data({ ktp: new File([jpgOfKb(300)], 'besar.jpg', { type: 'image/jpeg' }) })
    await browser.data({ selfie: new File([PDF], 'x.jpg', { type: 'image/jpeg' }) })
    // Step 3 is not reachable while step 2 is incomplete.
    expect(location(await browser.send(step3.loader, '/daftar-akun/periksa'))).toBe('/daftar-akun/data')
    expect(location(await browser.confirm())).toBe('/daftar-akun/data')
    expect(await prisma.user.count({ where: { email: `${MAN.nik}@uji.test` } })).toBe(0)
    expect(await prisma.applicantIdentity.count({ where: { nik: MAN.nik } })).toBe(0)
    expect(await prisma.storedFile.count()).toBe(0)
  })
})

// ───────────────────────── step 3 and after ─────────────────────────

describe('step 3 — confirmation', () => {
  test("a woman registers end to end: one transaction, signed in, verification mail, her own card", async () => {
    const browser = new Browser()
    expect(await browser.identity(WOMAN, { email: 'Siti.N@Uji.test' })).toMatchObject({ status: 302 })
    expect(await browser.data()).toMatchObject({ status: 302 })

    const review = await browser.send(step3.loader, '/daftar-akun/periksa')
    const shown = (await review.json()) as { identity: { nik: string; sex: string }; periodName: string }
    expect(shown).toMatchObject({ periodName: 'Seleksi Uji 2026', identity: { nik: WOMAN.nik, sex: 'P' } })
    const preview = await browser.send(photo.loader, '/daftar-akun/foto/ktp', {}, { jenis: 'ktp' })
    expect(Buffer.from(await preview.arrayBuffer())).toEqual(JPG)
    expect(await prisma.storedFile.count()).toBe(0) // bytes are on disk, the record comes with the account

    const done = await browser.confirm()
    expect(done.status).toBe(302)
    expect(location(done)).toBe('/daftar-akun/selesai')
    expect(browser.jar.has('__session')).toBe(true)
    expect(browser.jar.has('__registrasi')).toBe(false)

    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'siti.n@uji.test' }, include: { roles: true } })
    expect(user).toMatchObject({ name: WOMAN.name, emailVerifiedAt: null })
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.roles.map((r) => r.role)).toEqual(['APPLICANT'])
    const identity = await prisma.applicantIdentity.findUniqueOrThrow({ where: { userId: user.id } })
    expect(identity).toMatchObject({ periodId, nik: WOMAN.nik, kk: WOMAN.kk, sex: 'P', phone: '081234567890', nikFlags: [] })
    expect(identity.confirmedAt).not.toBeNull()
    expect(identity.birthDate.toISOString().slice(0, 10)).toBe('1998-05-17')
    const ktp = await readStoredFile(identity.ktpFileHash!)
    expect(ktp).toMatchObject({ mime: 'image/jpeg', size: JPG.length })
    expect(ktp!.bytes).toEqual(JPG)
    expect(fs.existsSync(path.join(dataDir, 'files', identity.ktpFileHash!.slice(0, 2), identity.ktpFileHash!.slice(2, 4), identity.ktpFileHash!))).toBe(true)

    const actions = (await prisma.auditLog.findMany({ where: { actorId: user.id }, select: { action: true } })).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'role.granted', 'applicant.identity_confirmed', 'auth.login', 'auth.email_verification_sent']))
    const identityAudit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'applicant.identity_confirmed', entityId: identity.id } })
    expect(identityAudit.after).toMatchObject({ nik: '3273********0002', ktpFileHash: identity.ktpFileHash })
    const mail = await prisma.emailLog.findFirstOrThrow({ where: { to: 'siti.n@uji.test', template: 'email-verification' } })
    expect(mail.subject).toMatch(/Verifikasi/)
    // The link is issued with the account (one transaction) and works: one usable EMAIL_VERIFY token.
    expect(await prisma.token.count({ where: { userId: user.id, kind: 'EMAIL_VERIFY', usedAt: null } })).toBe(1)
    const sent = await prisma.auditLog.findFirstOrThrow({ where: { action: 'auth.email_verification_sent', entityId: user.id } })
    expect(sent.actorId).toBe(user.id)
    expect((await verifyAuditLog()).ok).toBe(true)

    // Her card: a PDF with her name in its metadata, for her session only.
    const card = await browser.send(cardRoute.loader, '/akun/kartu-informasi')
    expect(card.headers.get('Content-Type')).toBe('application/pdf')
    const pdf = Buffer.from(await card.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain('Kartu Informasi Akun - Siti Nurhaliza')

    // The QR code's link shows the card as genuine, with the NIK masked; a changed code does not.
    const code = accountCardCode(identity.id)
    const check = await new Browser().send(cardCheck.loader, `/kartu-akun/${code}`, {}, { kode: code })
    expect(await check.json()).toMatchObject({ card: { fullName: WOMAN.name, nik: '3273********0002', periodName: 'Seleksi Uji 2026' } })
    const forged = await new Browser().send(cardCheck.loader, '/kartu-akun/x', {}, { kode: `${identity.id}.AAAAAAAAAAAAAAAA` })
    expect(forged.status).toBe(404)
  })

  test('the same NIK cannot register twice in a period: refused at step 1 with the helpdesk message', async () => {
    const first = new Browser()
    expect(await first.register(MAN, { email: 'budi.1@uji.test' })).toMatchObject({ status: 302 })
    // Even when the registry no longer knows him, the NIK rule comes first.
    await prisma.populationRecord.update({ where: { nik: MAN.nik }, data: { name: 'Nama Lain' } })
    try {
      const second = await new Browser().identity(MAN, { email: 'budi.2@uji.test' })
      expect(second.status).toBe(409)
      expect((await errorsOf(second))['']).toEqual(['registration.errors.nikTaken'])
    } finally {
      await prisma.populationRecord.update({ where: { nik: MAN.nik }, data: { name: MAN.name } })
    }
    // A different period is a different account (SSCASN: a new account every year).
    const next = await prisma.selectionPeriod.create({ data: { code: 'UJI-2027', name: 'Seleksi Uji 2027', kind: 'CPNS', year: 2027 } })
    await prisma.scheduleWindow.create({
      data: { periodId: next.id, kind: 'REGISTRATION', opensAt: new Date(Date.now() - 1000), closesAt: new Date(Date.now() + 86_400_000) },
    })
    expect(await new Browser().identity(MAN, { periodId: next.id, email: 'budi.2027@uji.test' })).toMatchObject({ status: 302 })
  })

  test('two confirmations of the same NIK at the same moment: exactly one wins, the other is told', async () => {
    const a = new Browser()
    const b = new Browser()
    // Both pass steps 1–2 while neither is confirmed.
    for (const [browser, email] of [[a, 'race.a@uji.test'], [b, 'race.b@uji.test']] as const) {
      expect(await browser.identity(OLD_PAPUA, { email })).toMatchObject({ status: 302 })
      expect(await browser.data()).toMatchObject({ status: 302 })
    }
    const results = await Promise.all([a.confirm(), b.confirm()])
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([302, 409])
    const loser = results.find((r) => r.status === 409)!
    expect(await loser.json()).toEqual({ problem: 'nikTaken' })
    expect(await prisma.applicantIdentity.count({ where: { periodId, nik: OLD_PAPUA.nik } })).toBe(1)
    // The loser's account was rolled back with everything else of its transaction.
    expect(await prisma.user.count({ where: { email: { in: ['race.a@uji.test', 'race.b@uji.test'] } } })).toBe(1)
    const users = await prisma.user.findMany({ where: { email: { in: ['race.a@uji.test', 'race.b@uji.test'] } }, select: { id: true } })
    expect(await prisma.auditLog.count({ where: { action: 'user.created', after: { path: ['email'], string_contains: 'race.' } } })).toBe(1)
    // The old Papua regency code is stored as a flag for the verifier, never silently.
    const identity = await prisma.applicantIdentity.findFirstOrThrow({ where: { nik: OLD_PAPUA.nik } })
    expect(identity.userId).toBe(users[0]!.id)
    expect(identity.nikFlags).toEqual(['nik.regencyNotInLatestList'])
  })

  test('an e-mail address already used is refused at step 1 and again at confirmation', async () => {
    const person = { nik: '3578014403960011', kk: '3578011111160001', name: 'Dian Permatasari', birthPlace: 'Surabaya', birthDate: '1996-03-04', sex: 'P' as const }
    await prisma.populationRecord.create({ data: { ...person, birthDate: new Date(`${person.birthDate}T00:00:00Z`) } })
    await prisma.user.create({ data: { email: 'dipakai@uji.test', name: 'Sudah Ada' } })
    const taken = await new Browser().identity(person, { email: ' DIPAKAI@uji.test ' })
    expect(taken.status).toBe(409)
    expect((await errorsOf(taken)).email).toEqual(['registration.errors.emailTaken'])

    // Someone else takes the address between step 1 and the confirmation: the unique index says no.
    const browser = new Browser()
    expect(await browser.identity(person, { email: 'dian@uji.test' })).toMatchObject({ status: 302 })
    expect(await browser.data()).toMatchObject({ status: 302 })
    await prisma.user.create({ data: { email: 'dian@uji.test', name: 'Orang Lain' } })
    const response = await browser.confirm()
    expect(response.status).toBe(409)
    expect(await response.json()).toEqual({ problem: 'emailTaken' })
    expect(await prisma.applicantIdentity.count({ where: { nik: person.nik } })).toBe(0)
  })

  test('confirmation after the window closed writes nothing', async () => {
    const browser = new Browser()
    const person = { nik: '3174014501990003', kk: '3174010101150003', name: 'Rina Marlina', birthPlace: 'Jakarta', birthDate: '1999-01-05', sex: 'P' as const }
    await prisma.populationRecord.create({
      data: { ...person, name: person.name, birthDate: new Date(`${person.birthDate}T00:00:00Z`) },
    })
    expect(await browser.identity(person)).toMatchObject({ status: 302 })
    expect(await browser.data()).toMatchObject({ status: 302 })
    const window = await prisma.scheduleWindow.findFirstOrThrow({ where: { periodId, kind: 'REGISTRATION' } })
    await prisma.scheduleWindow.update({ where: { id: window.id }, data: { closesAt: new Date(Date.now() - 1) } })
    try {
      const response = await browser.confirm()
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({ problem: 'registrationClosed' })
      expect(await prisma.applicantIdentity.count({ where: { nik: person.nik } })).toBe(0)
      expect(await prisma.user.count({ where: { email: `${person.nik}@uji.test` } })).toBe(0)
    } finally {
      await prisma.scheduleWindow.update({ where: { id: window.id }, data: { closesAt: window.closesAt } })
    }
  })
})

describe('after registration', () => {
  test('the card is only ever the signed-in applicant’s own; staff without identity get 404', async () => {
    const staff = await prisma.user.create({ data: { email: 'staf@uji.test', name: 'Staf', passwordHash: null } })
    await prisma.userRole.create({ data: { userId: staff.id, role: 'APPLICANT' } })
    const session = await prisma.session.create({ data: { userId: staff.id, expiresAt: new Date(Date.now() + 3_600_000) } })
    const { commitNewSession } = await import('~/utils/session.server')
    const cookie = await commitNewSession(session.id, { remember: false, expiresAt: session.expiresAt })
    const browser = new Browser()
    browser.jar.set('__session', cookie.split(';')[0]!.split('=').slice(1).join('='))
    const response = await browser.send(cardRoute.loader, '/akun/kartu-informasi')
    expect(response.status).toBe(404)
    // Anonymous: sent to sign in.
    const anonymous = await new Browser().send(cardRoute.loader, '/akun/kartu-informasi')
    expect(location(anonymous)).toMatch(/^\/masuk\?redirectTo=/)
  })

  test('requireVerifiedApplicant: unverified → account page; verified → the identity', async () => {
    const browser = new Browser()
    const person = { nik: '3273021212970007', kk: '3273020202160004', name: 'Asep Saepudin', birthPlace: 'Bandung', birthDate: '1997-12-12', sex: 'L' as const }
    await prisma.populationRecord.create({ data: { ...person, birthDate: new Date(`${person.birthDate}T00:00:00Z`) } })
    expect(await browser.register(person, { email: 'asep@uji.test' })).toMatchObject({ status: 302 })
    const request = () => new Request('http://localhost/lamar', { headers: { Cookie: `__session=${browser.jar.get('__session')}` } })
    const unverified = await requireVerifiedApplicant(request()).catch((r: Response) => r)
    expect((unverified as Response).headers.get('Location')).toBe('/akun')

    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'asep@uji.test' } })
    await prisma.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } })
    const { identity } = await requireVerifiedApplicant(request())
    expect(identity).toMatchObject({ nik: person.nik, periodId })
    // He can sign in with the password chosen in step 2.
    expect(await login({ email: 'asep@uji.test', password: PASSWORD }, { ...SYSTEM_ACTOR, ip: '10.0.0.9' })).toMatchObject({ ok: true })
    // His card is his own: the route has no id to change.
    const card = Buffer.from(await (await browser.send(cardRoute.loader, '/akun/kartu-informasi')).arrayBuffer()).toString('latin1')
    expect(card).toContain('Kartu Informasi Akun - Asep Saepudin')
    expect(card).not.toContain('Siti Nurhaliza')
  })
})

// ───────────────────────── the population registry adapter ─────────────────────────

describe('population registry', () => {
  test('local: MATCH, NOT_FOUND and MISMATCH from the PopulationRecord table', async () => {
    const local = localPopulationRegistry()
    const q = { nik: OLD_PAPUA.nik, kk: OLD_PAPUA.kk, name: 'YAKOBUS  gebze', birthDate: OLD_PAPUA.birthDate }
    expect(await local.lookup(q)).toBe('MATCH')
    expect(await local.lookup({ ...q, birthDate: '1994-11-03' })).toBe('MISMATCH')
    expect(await local.lookup({ ...q, nik: '9101010211940099' })).toBe('NOT_FOUND')
  })

  test('HTTP: posts JSON with the bearer key, passes the answer on, and fails loudly otherwise', async () => {
    const seen: { auth?: string; body?: unknown; type?: string }[] = []
    let mode: 'answer' | 'error' | 'silent' | 'nonsense' = 'answer'
    const server = http.createServer((req, res) => {
      let raw = ''
      req.on('data', (c) => (raw += c))
      req.on('end', () => {
        const body = JSON.parse(raw) as { nik: string }
        seen.push({ auth: req.headers.authorization, body, type: req.headers['content-type'] })
        if (mode === 'silent') return // never answers
        if (mode === 'error') return res.writeHead(502).end('bad gateway')
        res.writeHead(200, { 'Content-Type': 'application/json' })
        if (mode === 'nonsense') return res.end(JSON.stringify({ result: 'MAYBE' }))
        res.end(JSON.stringify({ result: body.nik.endsWith('1') ? 'MATCH' : body.nik.endsWith('2') ? 'MISMATCH' : 'NOT_FOUND' }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/nik`
    try {
      const registry = httpPopulationRegistry({ url, apiKey: 'kunci-rahasia', timeoutMs: 300 })
      const q = { nik: '3174011705980001', kk: '3174010101150003', name: 'Budi Santoso', birthDate: '1998-05-17' }
      expect(await registry.lookup(q)).toBe('MATCH')
      expect(await registry.lookup({ ...q, nik: '3174011705980002' })).toBe('MISMATCH')
      expect(await registry.lookup({ ...q, nik: '3174011705980003' })).toBe('NOT_FOUND')
      expect(seen[0]).toEqual({ auth: 'Bearer kunci-rahasia', type: 'application/json', body: q })

      mode = 'error'
      await expect(registry.lookup(q)).rejects.toThrow(/answered HTTP 502/)
      mode = 'nonsense'
      await expect(registry.lookup(q)).rejects.toThrow(/unknown answer/)
      mode = 'silent'
      await expect(registry.lookup(q)).rejects.toThrow(/did not answer within 300 ms/)
      await expect(registry.lookup(q)).rejects.toBeInstanceOf(RegistryUnavailableError)
    } finally {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
    await expect(httpPopulationRegistry({ url }).lookup({ nik: '1', kk: '1', name: 'x', birthDate: '2000-01-01' })).rejects.toThrow(/unreachable/)
  })

  test('DUKCAPIL_URL chooses the HTTP implementation, otherwise the local table', () => {
    expect(getPopulationRegistry().kind).toBe('local')
    process.env.DUKCAPIL_URL = 'https://dukcapil.example.test/api'
    process.env.DUKCAPIL_API_KEY = 'k'
    resetEnvCache()
    try {
      expect(getPopulationRegistry().kind).toBe('http')
    } finally {
      delete process.env.DUKCAPIL_URL
      delete process.env.DUKCAPIL_API_KEY
      resetEnvCache()
    }
  })
})

// ───────────────────────── storage and sealed state ─────────────────────────

describe('storage', () => {
  test('files are stored once by content hash, atomically, and read back', async () => {
    const bytes = Buffer.concat([JPG, Buffer.from('unik')])
    const hash = await storeFile(bytes, 'image/jpeg')
    expect(hash).toBe(contentHash(bytes))
    expect(await storeFile(bytes, 'image/jpeg')).toBe(hash)
    expect(await prisma.storedFile.count({ where: { hash } })).toBe(1)
    const dir = path.join(dataDir, 'files', hash.slice(0, 2), hash.slice(2, 4))
    expect(fs.readdirSync(dir)).toEqual([hash]) // no temp file left behind
    expect((await readStoredFile(hash))!.bytes).toEqual(bytes)
    expect(await readStoredFile('../../etc/passwd')).toBeNull()
    expect(await readStoredFile('0'.repeat(64))).toBeNull()
  })

  test('the type comes from the bytes', () => {
    expect(sniffFileType(JPG)).toBe('JPG')
    expect(sniffFileType(PDF)).toBe('PDF')
    expect(sniffFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('PNG')
    expect(sniffFileType(Buffer.from('GIF89a'))).toBeNull()
    expect(sniffFileType(Buffer.alloc(0))).toBeNull()
    expect(sniffFileType(Buffer.from('%PDF'))).toBeNull()
  })

  test('the wizard state cannot be read or altered in the browser', () => {
    const sealed = seal({ nik: MAN.nik })
    expect(sealed).not.toContain(MAN.nik)
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain(MAN.nik)
    expect(unseal(sealed)).toEqual({ nik: MAN.nik })
    const raw = Buffer.from(sealed, 'base64url')
    raw[raw.length - 1] ^= 1
    expect(unseal(raw.toString('base64url'))).toBeNull()
  })
})

// ───────────────────────── the demo population ─────────────────────────

describe('demo population (prisma/demo/penduduk.csv)', () => {
  test('at least 1,000 consistent residents; loading twice loads once; the demo applicant gets an identity', async () => {
    const residents = readPenduduk()
    expect(residents.length).toBeGreaterThanOrEqual(1000)
    const regions = getRegionLookup()
    const flagged: string[] = []
    for (const r of residents) {
      const b = r.birthDate
      const check = checkNik(r.nik, { birthDate: { year: b.getUTCFullYear(), month: b.getUTCMonth() + 1, day: b.getUTCDate() }, sex: r.sex as 'L' | 'P' }, regions)
      expect(check.ok, `${r.nik} ${r.name}`).toBe(true)
      if (check.ok && check.flags.length) flagged.push(r.name)
      expect(r.kk.slice(0, 2)).toBe(r.nik.slice(0, 2))
      const age = 2026 - b.getUTCFullYear() - (b.getUTCMonth() > 0 || b.getUTCDate() > 1 ? 1 : 0)
      expect(age).toBeGreaterThanOrEqual(18)
      expect(age).toBeLessThanOrEqual(40)
    }
    expect(flagged).toEqual(['Yakobus Gebze'])
    expect(new Set(residents.map((r) => r.nik)).size).toBe(residents.length)
    expect(new Set(residents.map((r) => r.kk)).size).toBeLessThan(residents.length) // families share a KK
    expect(residents.some((r) => r.sex === 'P' && Number(r.nik.slice(6, 8)) > 40)).toBe(true)

    const user = await prisma.user.create({ data: { email: 'pelamar@demo.test', name: 'Pelamar Contoh (Demo)' } })
    const demo = await prisma.selectionPeriod.create({ data: { code: DEMO_PERIOD_CODE, name: 'Demo', kind: 'CPNS', year: 2026, isDemo: true } })
    const already = await prisma.populationRecord.count({ where: { nik: { in: residents.map((r) => r.nik) } } })
    const first = await seedDemoPopulation()
    expect(first.loaded).toBe(residents.length - already)
    expect(await prisma.populationRecord.count()).toBeGreaterThanOrEqual(residents.length)
    expect(first.demoIdentity).toBe(true)
    const second = await seedDemoPopulation()
    expect(second).toMatchObject({ loaded: 0, demoIdentity: false })
    const identity = await prisma.applicantIdentity.findUniqueOrThrow({ where: { userId: user.id } })
    expect(identity).toMatchObject({ periodId: demo.id, nik: residents[0]!.nik, fullName: 'Rizky Ramadhan' })
  })
})

// ───────────────── CAPTCHA, security questions, KK or the family head's NIK (domain.md §1) ─────────────────

// Ani Lestari (woman: day 5 + 40 = 45) and the head of her family, Hadi Susanto.
const ANI = { nik: '3174014506990003', kk: '3174010101160007', name: 'Ani Lestari', birthPlace: 'Jakarta', birthDate: '1999-06-05', sex: 'P' as const }
const HADI = { nik: '3174010101700002', kk: ANI.kk, name: 'Hadi Susanto', birthPlace: 'Jakarta', birthDate: '1970-01-01', sex: 'L' as const }

describe('CAPTCHA, security questions and the family head NIK', () => {
  beforeAll(async () => {
    for (const r of [ANI, HADI]) {
      await prisma.populationRecord.create({
        data: {
          nik: r.nik,
          kk: r.kk,
          name: r.name,
          birthPlace: r.birthPlace,
          birthDate: new Date(`${r.birthDate}T00:00:00Z`),
          sex: r.sex,
          familyHead: r === HADI,
        },
      })
    }
  })

  test('§1 A.1: a missing, forged or replayed CAPTCHA is refused before the registry is asked', async () => {
    const missing = new Browser()
    const noCaptcha = await missing.identity(ANI, { captcha: '' })
    expect(noCaptcha.status).toBe(400)
    expect((await errorsOf(noCaptcha))['']).toEqual(['captcha.errors.missing'])

    const solved = await solveCaptcha(await createCaptchaChallenge())
    const payload = JSON.parse(Buffer.from(solved, 'base64').toString()) as { number: number }
    const forged = Buffer.from(JSON.stringify({ ...payload, number: payload.number + 1 })).toString('base64')
    const forgedResponse = await new Browser().identity(ANI, { captcha: forged })
    expect((await errorsOf(forgedResponse))['']).toEqual(['captcha.errors.invalid'])

    const first = new Browser()
    expect(await first.identity(ANI, { captcha: solved, email: 'ani.1@uji.test' })).toMatchObject({ status: 302 })
    const replay = await new Browser().identity(ANI, { captcha: solved, email: 'ani.2@uji.test' })
    expect((await errorsOf(replay))['']).toEqual(['captcha.errors.used'])
    // The refused submission never reached the registry (its rate counter was not touched).
    expect(await prisma.rateLimitBucket.count({ where: { key: `register:ip:${missing.ip}` } })).toBe(0)
  })

  test("§1 A.1: the family head's NIK is accepted in place of the KK number, and flagged for the verifier", async () => {
    const input = {
      periodId,
      nik: ANI.nik,
      kk: HADI.nik,
      fullName: ANI.name,
      birthPlace: ANI.birthPlace,
      birthDate: ANI.birthDate,
      sex: ANI.sex,
      email: 'ani.kepala@uji.test',
      phone: '081234567890',
    }
    expect(await checkIdentity(input, { ip: '10.9.9.1' })).toEqual({ ok: true, nikFlags: ['kk.familyHeadNik'] })
    expect(await checkIdentity({ ...input, kk: ANI.kk }, { ip: '10.9.9.1' })).toEqual({ ok: true, nikFlags: [] })
    // Someone else's NIK (not her family's head) is not a KK.
    expect(await checkIdentity({ ...input, kk: MAN.nik }, { ip: '10.9.9.1' })).toMatchObject({ ok: false, problem: 'notInRegistry' })
  })

  test('§1 A.2: two different security questions; answers stored only as keyed hashes', async () => {
    const browser = new Browser()
    expect(await browser.identity(ANI, { email: 'ani@uji.test' })).toMatchObject({ status: 302 })
    const same = await browser.data({ security: { question2: 'motherMaidenName' } })
    expect((await errorsOf(same)).question2).toEqual(['security.errors.sameQuestion'])
    expect(await browser.data()).toMatchObject({ status: 302 })
    expect(await browser.confirm()).toMatchObject({ status: 302 })

    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'ani@uji.test' }, include: { securityAnswers: { orderBy: { slot: 'asc' } } } })
    expect(user.securityAnswers.map((a) => a.questionCode)).toEqual(['motherMaidenName', 'firstSchool'])
    for (const a of user.securityAnswers) {
      expect(a.answerHash).not.toMatch(/siti|aminah|sdn|menteng/i)
      expect(a.salt.length).toBeGreaterThan(10)
    }
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'applicant.identity_confirmed', actorId: user.id } })
    expect(JSON.stringify(audit.after)).not.toMatch(/aminah|menteng/i)
  })

  test('§1 A.5: the helpdesk reset needs NIK + KK + birth date + a security answer + CAPTCHA, and tells the account', async () => {
    const actor = { ...SYSTEM_ACTOR, ip: '10.7.7.7' }
    const base = { nik: ANI.nik, kk: ANI.kk, birthDate: ANI.birthDate, questionCode: 'firstSchool' }
    // The route checks the CAPTCHA first.
    const form = new FormData()
    for (const [k, v] of Object.entries({ ...base, answer: 'sdn 01 menteng' })) form.set(k, v)
    const noCaptcha = await helpdesk.action({ request: new Request('http://localhost/lupa-sandi/tanpa-surel', { method: 'POST', body: form }), context: {}, params: {} })
    expect(noCaptcha.status).toBe(400)

    expect(await startResetBySecurityAnswer({ ...base, answer: 'SD Negeri 2' }, actor)).toEqual({ ok: false, problem: 'mismatch' })
    expect(await startResetBySecurityAnswer({ ...base, birthDate: '1999-06-06', answer: 'SDN 01 Menteng' }, actor)).toEqual({ ok: false, problem: 'mismatch' })
    // The answer's case and punctuation do not matter.
    const ok = await startResetBySecurityAnswer({ ...base, answer: ' sdn 01, MENTENG ' }, actor)
    expect(ok).toMatchObject({ ok: true })

    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'ani@uji.test' } })
    expect(await prisma.emailLog.count({ where: { to: 'ani@uji.test', template: 'security-reset-notice' } })).toBe(1)
    expect(await prisma.auditLog.count({ where: { entityId: user.id, action: 'auth.password_reset_requested' } })).toBe(1)
    const token = await prisma.token.findFirstOrThrow({ where: { userId: user.id, kind: 'PASSWORD_RESET', usedAt: null } })
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now())

    // Five tries per NIK per hour (three were used above).
    await startResetBySecurityAnswer({ ...base, answer: 'salah' }, actor)
    await startResetBySecurityAnswer({ ...base, answer: 'salah' }, actor)
    expect(await startResetBySecurityAnswer({ ...base, answer: 'SDN 01 Menteng' }, actor)).toEqual({ ok: false, problem: 'locked' })
  })
})
