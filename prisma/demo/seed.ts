import { prisma } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import type { RoleName } from '~/domain/identity/roles'
import { DEMO_PERIOD_CODE } from './constants.ts'
import { seedDemoSchedule } from './schedule-seed.ts'
import { seedDemoPopulation } from './population-seed.ts'
import { seedDemoFormations } from './formation-seed.ts'
import { seedDemoVerification } from './verification-seed.ts'
import { seedDemoAssessment } from './assessment-seed.ts'
import { seedDemoExam } from './exam-seed.ts'
import { seedDemoBank } from './bank-seed.ts'
import { seedDemoRanking } from './ranking-seed.ts'
import { seedDemoInternship } from './internship-seed.ts'
import { seedDemoInternshipInterview } from './internship-interview-seed.ts'
import { seedDemoInternshipTest } from './internship-test-seed.ts'

/**
 * Demo data: one selection period and its reference data, and one account per staff role
 * (`<role>@demo.test`). Everything is marked `isDemo`. Loading is idempotent (upserts), so
 * running it again changes nothing; it is never run in production unless LOAD_DEMO_DATA=true.
 */
export { DEMO_PERIOD_CODE }

export const DEMO_ACCOUNTS: { email: string; name: string; role: RoleName; agency?: string; university?: string }[] = [
  { email: 'nasional@demo.test', name: 'Admin Panselnas (Demo)', role: 'NATIONAL_ADMIN' },
  { email: 'instansi@demo.test', name: 'Admin Kemenkumham (Demo)', role: 'AGENCY_ADMIN', agency: 'KEMENKUM' },
  { email: 'verifikator@demo.test', name: 'Verifikator Kemenkumham (Demo)', role: 'VERIFIER', agency: 'KEMENKUM' },
  { email: 'proktor@demo.test', name: 'Proktor CAT (Demo)', role: 'PROCTOR', agency: 'KEMENKUM' },
  { email: 'asesor@demo.test', name: 'Asesor Independen UGM (Demo)', role: 'ASSESSOR', university: 'UGM' },
  { email: 'panitia@demo.test', name: 'Panitia Seleksi (Demo)', role: 'COMMITTEE' },
  { email: 'panitia2@demo.test', name: 'Panitia Seleksi Kedua (Demo)', role: 'COMMITTEE' },
  { email: 'kampus@demo.test', name: 'PIC Universitas Indonesia (Demo)', role: 'UNIVERSITY_PIC', university: 'UI' },
  { email: 'mentor@demo.test', name: 'Mentor Magang Kemenkes (Demo)', role: 'MENTOR', agency: 'KEMENKES' },
  { email: 'pelamar@demo.test', name: 'Pelamar Contoh (Demo)', role: 'APPLICANT' },
  { email: 'peserta@demo.test', name: 'Peserta Peringkat (Demo)', role: 'APPLICANT' },
]

const AGENCIES = [
  { code: 'KEMENKUM', name: 'Kementerian Hukum', kind: 'CENTRAL' as const },
  { code: 'KEMENKES', name: 'Kementerian Kesehatan', kind: 'CENTRAL' as const },
  { code: 'PEMPROV-JABAR', name: 'Pemerintah Provinsi Jawa Barat', kind: 'REGIONAL' as const },
  { code: 'PEMKAB-JAYAPURA', name: 'Pemerintah Kabupaten Jayapura', kind: 'REGIONAL' as const },
]

const UNIVERSITIES = [
  { code: 'UI', name: 'Universitas Indonesia' },
  { code: 'UGM', name: 'Universitas Gadjah Mada' },
  { code: 'UNCEN', name: 'Universitas Cenderawasih' },
]

// domain.md §1 (formasi types named in SSCASN 2024) and §3 (special thresholds).
const FORMASI_TYPES = [
  { code: 'UMUM', name: 'Umum', isSpecial: false },
  { code: 'CUMLAUDE', name: 'Lulusan Terbaik (Cumlaude)', isSpecial: true },
  { code: 'DIASPORA', name: 'Diaspora', isSpecial: true },
  { code: 'DISABILITAS', name: 'Penyandang Disabilitas', isSpecial: true },
  { code: 'PUTRA_PAPUA', name: 'Putra/Putri Papua', isSpecial: true },
  { code: 'DAERAH_TERTINGGAL', name: 'Daerah Tertinggal', isSpecial: true },
  { code: 'PUTRA_KALIMANTAN', name: 'Putra/Putri Kalimantan (IKN)', isSpecial: true },
]

const TEST_SITES = [
  { code: 'TILOK-JKT', name: 'Kantor Pusat BKN Jakarta', city: 'Jakarta Timur', timeZone: 'Asia/Jakarta', rooms: 4, seatsPerRoom: 60 },
  { code: 'TILOK-BDG', name: 'Kantor Regional III BKN Bandung', city: 'Bandung', timeZone: 'Asia/Jakarta', rooms: 2, seatsPerRoom: 50 },
  { code: 'TILOK-MKS', name: 'Kantor Regional IV BKN Makassar', city: 'Makassar', timeZone: 'Asia/Makassar', rooms: 2, seatsPerRoom: 40 },
  { code: 'TILOK-JYP', name: 'Kantor Regional IX BKN Jayapura', city: 'Jayapura', timeZone: 'Asia/Jayapura', rooms: 1, seatsPerRoom: 30 },
]

export async function loadDemoData(opts: { password: string }) {
  const existing = await prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE } })
  const passwordHash = await hashPassword(opts.password)

  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    const period = await tx.selectionPeriod.upsert({
      where: { code: DEMO_PERIOD_CODE },
      update: {},
      create: { code: DEMO_PERIOD_CODE, name: 'Seleksi CASN 2026 — Demo', kind: 'CPNS', year: 2026, isDemo: true },
    })
    await seedDemoSchedule(tx, period.id)
    const agencyIds: Record<string, string> = {}
    for (const a of AGENCIES) {
      const row = await tx.agency.upsert({ where: { code: a.code }, update: {}, create: { ...a, isDemo: true } })
      agencyIds[a.code] = row.id
    }
    const universityIds: Record<string, string> = {}
    for (const u of UNIVERSITIES) {
      const row = await tx.university.upsert({ where: { code: u.code }, update: {}, create: { ...u, isDemo: true } })
      universityIds[u.code] = row.id
    }
    for (const [i, f] of FORMASI_TYPES.entries()) {
      await tx.formasiType.upsert({ where: { code: f.code }, update: {}, create: { ...f, sortOrder: i } })
    }
    for (const s of TEST_SITES) {
      await tx.testSite.upsert({ where: { code: s.code }, update: {}, create: { ...s, isDemo: true } })
    }
    for (const account of DEMO_ACCOUNTS) {
      const user = await tx.user.upsert({
        where: { email: account.email },
        update: {},
        create: {
          email: account.email,
          name: account.name,
          passwordHash,
          emailVerifiedAt: new Date(),
          isDemo: true,
        },
      })
      const agencyId = account.agency ? agencyIds[account.agency]! : null
      const universityId = account.university ? universityIds[account.university]! : null
      const has = await tx.userRole.findFirst({ where: { userId: user.id, role: account.role, agencyId, universityId } })
      if (!has) await tx.userRole.create({ data: { userId: user.id, role: account.role, agencyId, universityId } })
    }
    if (!existing) {
      await audit({
        action: 'demo.loaded',
        entityType: 'SelectionPeriod',
        entityId: period.id,
        after: { code: DEMO_PERIOD_CODE, accounts: DEMO_ACCOUNTS.map((a) => a.email) },
      })
    }
  }, { timeoutMs: 60_000 })
  await seedDemoPopulation()
  // Positions and vacancies come from each demo agency's formation, imported and approved
  // through the formation model exactly as a real agency's (issue 10).
  await seedDemoFormations({ actor: SYSTEM_ACTOR })
  await seedDemoVerification({ passwordHash })
  await seedDemoAssessment({ password: opts.password })
  await seedDemoBank()
  await seedDemoExam()
  await seedDemoRanking()
  await seedDemoInternship({ passwordHash })
  await seedDemoInternshipInterview({ passwordHash })
  await seedDemoInternshipTest()
  return { created: !existing }
}
