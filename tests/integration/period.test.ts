import { prisma } from '~/utils/db.server'
import { verifyAuditLog, type AuditActor } from '~/models/audit.server'
import {
  createPeriod,
  extendWindow,
  getActiveRules,
  getPeriodByCode,
  getWindow,
  isWithinWindow,
  nationalTotals,
  saveRules,
  setWindow,
} from '~/models/period.server'
import { RULES_2024, isWindowOpen } from '~/domain/selection/rules'
import { toWib, validateSchedule, wibClosing, wibOpening } from '~/domain/selection/schedule'
import { seedDemoSchedule } from '../../prisma/demo/schedule-seed.ts'

const at = (date: string, time: string) => wibOpening(date, time)!
const until = (date: string, time = '23:59') => wibClosing(date, time)!
/** A clock well before every window used here, so they can all still be set. */
const BEFORE_ALL = at('2020-01-01', '00:00')

let admin: AuditActor
let adminId: string

beforeAll(async () => {
  const user = await prisma.user.create({ data: { email: 'panselnas@uji.test', name: 'Admin Panselnas Uji', emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: user.id, role: 'NATIONAL_ADMIN' } })
  adminId = user.id
  admin = { actorId: user.id, actorRole: 'NATIONAL_ADMIN', ip: '10.1.2.3', userAgent: 'vitest' }
})

let codeSeq = 0
async function newPeriod(year = 2024, extra: { copyFromPeriodId?: string; ageCutoffDate?: Date } = {}) {
  const code = `CPNS-UJI-${++codeSeq}`
  const result = await createPeriod({ code, name: `Seleksi CPNS ${year} (uji ${codeSeq})`, kind: 'CPNS', year, ...extra }, admin)
  if (!result.ok) throw new Error(result.error)
  return result.period
}

describe('creating a period', () => {
  test('a new period gets RULES_2024 as rules version 1, an empty schedule, and audit rows naming the admin', async () => {
    const period = await newPeriod(2026)
    const full = await getPeriodByCode(period.code)
    expect(full).toMatchObject({ kind: 'CPNS', year: 2026, status: 'DRAFT', createdById: adminId, windows: [] })
    expect(full?.rules).toMatchObject({ version: 1, rules: RULES_2024, createdByName: 'Admin Panselnas Uji' })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'period.created', entityId: period.id } })
    expect(audit).toMatchObject({ actorId: adminId, ip: '10.1.2.3' })
    expect(audit.after).toMatchObject({ code: period.code, year: 2026, copiedFrom: null })
    expect(await prisma.auditLog.count({ where: { action: 'rules.saved', after: { path: ['periodCode'], equals: period.code } } })).toBe(1)
  })

  test('a code already in use is refused and nothing else is written', async () => {
    const period = await newPeriod(2026)
    const before = await prisma.selectionPeriod.count()
    const again = await createPeriod({ code: period.code, name: 'Duplikat', kind: 'PPPK', year: 2027 }, admin)
    expect(again).toEqual({ ok: false, error: 'codeTaken' })
    expect(await prisma.selectionPeriod.count()).toBe(before)
  })

  test('copying 2024 into 2025 moves every window by one year, same WIB day and time, and copies the rules in force (domain.md §1)', async () => {
    const source = await newPeriod(2024, { ageCutoffDate: new Date(Date.UTC(2024, 7, 1)) })
    // domain.md §1: opened 20 Aug 2024 17:08:45 WIB, closed (after extension) 10 Sep 23:59 WIB.
    expect((await setWindow(source.id, 'REGISTRATION', at('2024-08-20', '17:08:45'), until('2024-09-10'), admin, BEFORE_ALL)).ok).toBe(true)
    // domain.md §6: integration 17 Dec 2024 – 4 Jan 2025 crosses the new year.
    expect((await setWindow(source.id, 'INTEGRATION', at('2024-12-17', '00:00'), until('2025-01-04'), admin, BEFORE_ALL)).ok).toBe(true)
    const changed = { ...RULES_2024, skbQuotaMultiplier: 4 }
    expect(await saveRules(source.id, changed, 'Keputusan uji nomor 1/2024', admin)).toEqual({ ok: true, version: 2 })

    const copy = await newPeriod(2025, { copyFromPeriodId: source.id })
    const full = (await getPeriodByCode(copy.code))!
    expect(full.copiedFromId).toBe(source.id)
    expect(full.copiedFrom?.code).toBe(`CPNS-UJI-${codeSeq - 1}`)
    expect(full.ageCutoffDate?.toISOString().slice(0, 10)).toBe('2025-08-01')
    const byKind = Object.fromEntries(full.windows.map((w) => [w.kind, w]))
    expect(byKind.REGISTRATION!.opensAt.toISOString()).toBe('2025-08-20T10:08:45.000Z')
    expect(byKind.REGISTRATION!.closesAt).toEqual(until('2025-09-10'))
    expect(toWib(byKind.INTEGRATION!.opensAt)).toEqual({ date: '2025-12-17', time: '00:00' })
    expect(toWib(byKind.INTEGRATION!.closesAt)).toEqual({ date: '2026-01-04', time: '23:59' })
    // The copy starts its own history: version 1, holding the source's version 2.
    expect(full.rules).toMatchObject({ version: 1, rules: changed })
    expect(full.rules?.reason).toContain('versi 2')
    // The source is untouched.
    expect((await getWindow(source.id, 'REGISTRATION'))?.opensAt.toISOString()).toBe('2024-08-20T10:08:45.000Z')
  })

  test('copying from a period that does not exist is refused', async () => {
    const result = await createPeriod({ code: 'CPNS-UJI-TANPA-SUMBER', name: 'x', kind: 'CPNS', year: 2026, copyFromPeriodId: 'tidak-ada' }, admin)
    expect(result).toEqual({ ok: false, error: 'copySourceNotFound' })
    expect(await prisma.selectionPeriod.findUnique({ where: { code: 'CPNS-UJI-TANPA-SUMBER' } })).toBeNull()
  })
})

describe('setting windows', () => {
  test('windows out of their natural order are refused, with nothing written (domain.md §2)', async () => {
    const period = await newPeriod()
    const reg = await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08'), until('2024-09-10'), admin, BEFORE_ALL)
    expect(reg.ok).toBe(true)
    const auditsBefore = await prisma.auditLog.count({ where: { action: 'schedule.window.set' } })

    // Verification may overlap registration but not open before it.
    const early = await setWindow(period.id, 'ADMIN_VERIFICATION', at('2024-08-19', '08:00'), until('2024-09-13'), admin, BEFORE_ALL)
    expect(early).toEqual({ ok: false, error: 'invalid', issues: [{ kind: 'ADMIN_VERIFICATION', code: 'opensBeforeEarlier', earlier: 'REGISTRATION' }] })
    expect(await getWindow(period.id, 'ADMIN_VERIFICATION')).toBeNull()

    const overlapping = await setWindow(period.id, 'ADMIN_VERIFICATION', at('2024-08-20', '17:08'), until('2024-09-13'), admin, BEFORE_ALL)
    expect(overlapping.ok).toBe(true)

    // Moving registration after verification has opened would break the order too.
    const late = await setWindow(period.id, 'REGISTRATION', at('2024-08-21', '08:00'), until('2024-09-10'), admin, BEFORE_ALL)
    expect(late).toEqual({ ok: false, error: 'invalid', issues: [{ kind: 'ADMIN_VERIFICATION', code: 'opensBeforeEarlier', earlier: 'REGISTRATION' }] })
    expect((await getWindow(period.id, 'REGISTRATION'))?.opensAt).toEqual(at('2024-08-20', '17:08'))

    const backwards = await setWindow(period.id, 'ADMIN_ANNOUNCEMENT', until('2024-09-19'), at('2024-09-14', '00:00'), admin, BEFORE_ALL)
    expect(backwards).toMatchObject({ ok: false, issues: [{ kind: 'ADMIN_ANNOUNCEMENT', code: 'closeNotAfterOpen' }] })

    // Only the one accepted change was audited.
    expect(await prisma.auditLog.count({ where: { action: 'schedule.window.set' } })).toBe(auditsBefore + 1)
  })

  test('a change is audited with the window before and after', async () => {
    const period = await newPeriod()
    const first = await setWindow(period.id, 'SKD', at('2024-10-16', '07:00'), until('2024-11-14'), admin, BEFORE_ALL)
    if (!first.ok) throw new Error(first.error)
    await setWindow(period.id, 'SKD', at('2024-10-17', '07:00'), until('2024-11-15'), admin, BEFORE_ALL)
    const rows = await prisma.auditLog.findMany({ where: { action: 'schedule.window.set', entityId: first.window.id }, orderBy: { id: 'asc' } })
    expect(rows).toHaveLength(2)
    expect(rows[0]!.before).toBeNull()
    expect(rows[1]!.before).toMatchObject({ kind: 'SKD', opensAt: '2024-10-16T00:00:00.000Z' })
    expect(rows[1]!.after).toMatchObject({ kind: 'SKD', opensAt: '2024-10-17T00:00:00.000Z', closesAt: '2024-11-15T16:59:59.999Z' })
  })

  test('a window that has already opened can no longer be set; only extended (domain.md §1)', async () => {
    const period = await newPeriod()
    await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08'), until('2024-09-06'), admin, BEFORE_ALL)
    const duringRegistration = at('2024-09-01', '12:00')
    const shortened = await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08'), until('2024-09-01'), admin, duringRegistration)
    expect(shortened).toEqual({ ok: false, error: 'alreadyOpened' })
    expect((await getWindow(period.id, 'REGISTRATION'))?.closesAt).toEqual(until('2024-09-06'))
  })
})

describe('extending a window', () => {
  test('2024: registration extended from 6 Sep to 10 Sep 23:59 WIB — history, audit and e-mail to applicants (domain.md §1)', async () => {
    const period = await newPeriod()
    await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08:45'), until('2024-09-06'), admin, BEFORE_ALL)
    const [applicant, unverified, staff] = await Promise.all([
      prisma.user.create({ data: { email: 'pelamar1@uji.test', name: 'Pelamar Satu', emailVerifiedAt: new Date() } }),
      prisma.user.create({ data: { email: 'belum-verifikasi@uji.test', name: 'Pelamar Belum Verifikasi' } }),
      prisma.user.create({ data: { email: 'verifikator@uji.test', name: 'Verifikator', emailVerifiedAt: new Date() } }),
    ])
    await prisma.userRole.createMany({
      data: [
        { userId: applicant.id, role: 'APPLICANT' },
        { userId: unverified.id, role: 'APPLICANT' },
        { userId: staff.id, role: 'COMMITTEE' },
      ],
    })

    const reason = 'Gangguan layanan e-meterai Peruri'
    const result = await extendWindow(period.id, 'REGISTRATION', until('2024-09-10'), reason, admin)
    expect(result).toMatchObject({ ok: true, notified: 1, notifyFailed: 0 })

    const window = (await getPeriodByCode(period.code))!.windows.find((w) => w.kind === 'REGISTRATION')!
    expect(window.closesAt.toISOString()).toBe('2024-09-10T16:59:59.999Z')
    expect(window.extensions).toHaveLength(1)
    expect(window.extensions[0]).toMatchObject({
      previousClosesAt: until('2024-09-06'),
      newClosesAt: until('2024-09-10'),
      reason,
      createdById: adminId,
      createdByName: 'Admin Panselnas Uji',
    })

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'schedule.window.extended', entityId: window.id } })
    expect(audit.actorId).toBe(adminId)
    expect(audit.before).toMatchObject({ closesAt: '2024-09-06T16:59:59.999Z' })
    expect(audit.after).toMatchObject({ closesAt: '2024-09-10T16:59:59.999Z', reason })

    const mails = await prisma.emailLog.findMany({ where: { template: 'schedule-extension' } })
    expect(mails.map((m) => m.to)).toEqual(['pelamar1@uji.test'])
    expect(mails[0]!.subject).toContain('Pendaftaran')
  })

  test('an extension that does not move the close later, or has no real reason, is refused and nothing is written', async () => {
    const period = await newPeriod()
    await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08'), until('2024-09-06'), admin, BEFORE_ALL)
    const mailsBefore = await prisma.emailLog.count()
    expect(await extendWindow(period.id, 'REGISTRATION', until('2024-09-05'), 'Gangguan layanan e-meterai', admin)).toEqual({
      ok: false,
      error: 'invalid',
      issues: ['notLater'],
    })
    expect(await extendWindow(period.id, 'REGISTRATION', until('2024-09-10'), '  diundur ', admin)).toEqual({
      ok: false,
      error: 'invalid',
      issues: ['reasonTooShort'],
    })
    expect(await extendWindow(period.id, 'SKB', until('2024-12-10'), 'Gangguan jaringan nasional', admin)).toEqual({ ok: false, error: 'notFound' })
    const window = (await getPeriodByCode(period.code))!.windows[0]!
    expect(window.closesAt).toEqual(until('2024-09-06'))
    expect(window.extensions).toHaveLength(0)
    expect(await prisma.emailLog.count()).toBe(mailsBefore)
  })
})

describe('deadlines by the server clock', () => {
  test('10 Sep 23:59:59.999 WIB is inside the registration window; the next millisecond is outside (domain.md §1)', async () => {
    const period = await newPeriod()
    await setWindow(period.id, 'REGISTRATION', at('2024-08-20', '17:08:45'), until('2024-09-10'), admin, BEFORE_ALL)
    expect(await isWithinWindow(period.id, 'REGISTRATION', new Date('2024-09-10T16:59:59.999Z'))).toBe(true)
    expect(await isWithinWindow(period.id, 'REGISTRATION', new Date('2024-09-10T17:00:00.000Z'))).toBe(false)
    expect(await isWithinWindow(period.id, 'REGISTRATION', new Date('2024-08-20T10:08:45.000Z'))).toBe(true)
    expect(await isWithinWindow(period.id, 'REGISTRATION', new Date('2024-08-20T10:08:44.999Z'))).toBe(false)
    // A window that is not scheduled is never open.
    expect(await isWithinWindow(period.id, 'SKD', new Date('2024-09-01T00:00:00Z'))).toBe(false)
  })
})

describe('rules', () => {
  test('integration weights that do not sum to 100 are refused with their path; the old version stays in force (domain.md §6)', async () => {
    const period = await newPeriod()
    const bad = { ...RULES_2024, integrationWeights: { skdPercent: 45, skbPercent: 60 } }
    const result = await saveRules(period.id, bad, 'Percobaan bobot baru', admin)
    expect(result).toEqual({
      ok: false,
      error: 'invalid',
      issues: [{ path: ['integrationWeights'], message: 'rules.integrationWeightsSum' }],
    })
    expect(await getActiveRules(period.id)).toMatchObject({ version: 1, rules: RULES_2024 })
    expect(await prisma.ruleVersion.count({ where: { periodId: period.id } })).toBe(1)
  })

  test('out-of-range values are refused with the path and the limit', async () => {
    const period = await newPeriod()
    const bad = { ...RULES_2024, skdThresholds: { ...RULES_2024.skdThresholds, general: { twk: 65, tiu: -1, tkp: 166 } } }
    const result = await saveRules(period.id, bad, 'Percobaan nilai ambang', admin)
    expect(result).toEqual({
      ok: false,
      error: 'invalid',
      issues: [{ path: ['skdThresholds', 'general', 'tiu'], message: 'rules.tooSmall', minimum: 0 }],
    })
  })

  test('a valid change becomes the next version, audited with the rules before and after; a short reason is refused', async () => {
    const period = await newPeriod()
    const next = { ...RULES_2024, integrationWeights: { skdPercent: 50, skbPercent: 50 } }
    expect(await saveRules(period.id, next, 'singkat', admin)).toEqual({ ok: false, error: 'reasonTooShort' })
    expect(await saveRules(period.id, next, 'KepmenPANRB uji 1/2026', admin)).toEqual({ ok: true, version: 2 })
    expect(await getActiveRules(period.id)).toMatchObject({ version: 2, rules: next, reason: 'KepmenPANRB uji 1/2026' })
    const saved = await prisma.ruleVersion.findFirstOrThrow({ where: { periodId: period.id, version: 2 } })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'rules.saved', entityId: saved.id } })
    expect(audit.before).toMatchObject({ version: 1, rules: { integrationWeights: { skdPercent: 40, skbPercent: 60 } } })
    expect(audit.after).toMatchObject({ version: 2, rules: { integrationWeights: { skdPercent: 50, skbPercent: 50 } } })
  })
})

describe('national totals', () => {
  test('per agency: active positions, active vacancies, applicants and the newest formation status; plus the national sums', async () => {
    const period = await newPeriod()
    const other = await newPeriod()
    await prisma.formasiType.createMany({ data: [{ code: 'UMUM', name: 'Umum' }, { code: 'CUMLAUDE', name: 'Cumlaude', isSpecial: true }], skipDuplicates: true })
    const [pusat, daerah, absent] = await Promise.all([
      prisma.agency.create({ data: { code: 'T-PUSAT', name: 'Kementerian Uji', kind: 'CENTRAL' } }),
      prisma.agency.create({ data: { code: 'T-DAERAH', name: 'Pemkab Uji', kind: 'REGIONAL' } }),
      prisma.agency.create({ data: { code: 'T-ABSEN', name: 'Instansi Tanpa Formasi', kind: 'CENTRAL' } }),
    ])
    const position = (agencyId: string, code: string, periodId = period.id, isActive = true) =>
      prisma.position.create({ data: { periodId, agencyId, code, name: code, unit: 'Unit', educationLevels: ['S1'], isActive } })
    const a1 = await position(pusat.id, 'A1')
    const a2 = await position(pusat.id, 'A2')
    const gone = await position(pusat.id, 'A3', period.id, false)
    const b1 = await position(daerah.id, 'B1')
    const elsewhere = await position(pusat.id, 'X1', other.id)
    await prisma.vacancy.createMany({
      data: [
        { positionId: a1.id, formasiTypeCode: 'UMUM', location: 'Jakarta', count: 12, applicantCount: 300 },
        { positionId: a1.id, formasiTypeCode: 'CUMLAUDE', location: 'Jakarta', count: 2, applicantCount: 10 },
        { positionId: a2.id, formasiTypeCode: 'UMUM', location: 'Bandung', count: 5, applicantCount: 40, isActive: false },
        { positionId: gone.id, formasiTypeCode: 'UMUM', location: 'Bandung', count: 100 },
        { positionId: b1.id, formasiTypeCode: 'UMUM', location: 'Sentani', count: 15, applicantCount: 7 },
        { positionId: elsewhere.id, formasiTypeCode: 'UMUM', location: 'Jakarta', count: 1000 },
      ],
    })
    await prisma.formation.createMany({
      data: [
        { periodId: period.id, agencyId: pusat.id, version: 1, status: 'APPROVED', rows: [] },
        { periodId: period.id, agencyId: pusat.id, version: 2, status: 'SUBMITTED', rows: [] },
        { periodId: period.id, agencyId: daerah.id, version: 1, status: 'APPROVED', rows: [] },
      ],
    })

    const { agencies, totals } = await nationalTotals(period.id)
    expect(agencies).toEqual([
      { agencyId: pusat.id, code: 'T-PUSAT', name: 'Kementerian Uji', kind: 'CENTRAL', positions: 2, vacancies: 14, applicants: 310, formationVersion: 2, formationStatus: 'SUBMITTED' },
      { agencyId: daerah.id, code: 'T-DAERAH', name: 'Pemkab Uji', kind: 'REGIONAL', positions: 1, vacancies: 15, applicants: 7, formationVersion: 1, formationStatus: 'APPROVED' },
    ])
    expect(agencies.some((a) => a.agencyId === absent.id)).toBe(false)
    expect(totals).toEqual({ agencies: 2, positions: 3, vacancies: 29, applicants: 317, approvedFormations: 1 })
  })
})

describe('demo schedule', () => {
  test('registration opened 3 days ago and closes in 14 days at 23:59 WIB; all windows in order; seeding again adds nothing', async () => {
    const period = await prisma.selectionPeriod.create({ data: { code: 'DEMO-UJI', name: 'Demo uji', kind: 'CPNS', year: 2026, isDemo: true } })
    const now = new Date()
    const first = await prisma.$transaction((tx) => seedDemoSchedule(tx, period.id, now))
    expect(first).toEqual({ windowsCreated: 11, rulesCreated: true })
    const windows = await prisma.scheduleWindow.findMany({ where: { periodId: period.id } })
    expect(validateSchedule(windows)).toEqual([])
    const registration = windows.find((w) => w.kind === 'REGISTRATION')!
    expect(isWindowOpen(registration, now)).toBe(true)
    const days = (from: Date, to: Date) =>
      Math.round((Date.parse(`${toWib(to).date}T00:00Z`) - Date.parse(`${toWib(from).date}T00:00Z`)) / 86_400_000)
    expect(days(now, registration.opensAt)).toBe(-3)
    expect(days(now, registration.closesAt)).toBe(14)
    expect(toWib(registration.closesAt).time).toBe('23:59')
    const verification = windows.find((w) => w.kind === 'ADMIN_VERIFICATION')!
    expect(verification.opensAt).toEqual(registration.opensAt)
    expect(days(registration.closesAt, verification.closesAt)).toBe(5)
    const objection = windows.find((w) => w.kind === 'ADMIN_OBJECTION')!
    // domain.md §2: the objection period lasts 3 days.
    expect(days(objection.opensAt, objection.closesAt)).toBe(2)
    expect(await getActiveRules(period.id)).toMatchObject({ version: 1, rules: RULES_2024 })

    const again = await prisma.$transaction((tx) => seedDemoSchedule(tx, period.id, new Date(now.getTime() + 86_400_000)))
    expect(again).toEqual({ windowsCreated: 0, rulesCreated: false })
    expect(await prisma.scheduleWindow.count({ where: { periodId: period.id } })).toBe(11)
  })
})

test('every change above left a verifiable audit chain', async () => {
  expect(await verifyAuditLog()).toMatchObject({ ok: true })
})
