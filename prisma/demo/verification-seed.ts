import PDFDocument from 'pdfkit'
import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { chooseVacancy, finaliseApplication, getOrCreateDraft, saveBiodata, saveEducation, uploadDocument } from '~/models/application.server'
import { getRegionLookup } from '~/models/regions.server'
import { checkNik } from '~/domain/identity/nik'
import { readPenduduk } from './population-seed.ts'
import { DEMO_PERIOD_CODE } from './constants.ts'

/**
 * Finalised (SUBMITTED) applications of five demo applicants to Kementerian Hukum positions, so
 * `verifikator@demo.test` has a queue and `instansi@demo.test` sees progress (issue 5). Each goes
 * through the application model exactly as an applicant's browser would (biodata, education,
 * formasi, every document, finalise), so the rows, files and audit trail are real. Idempotent: an
 * applicant who already finalised is left alone; when the demo registration window has closed
 * the remaining ones are skipped (nothing half-made stays behind but an audited draft).
 */
export const DEMO_VERIFICATION_APPLICANTS = [
  { email: 'pelamar2@demo.test', line: 951, position: 'PRANATA-KOMPUTER-AP', program: 'S1-TI', gpa: 3.41 },
  { email: 'pelamar3@demo.test', line: 952, position: 'PRANATA-KOMPUTER-AP', program: 'S1-SI', gpa: 3.27 },
  { email: 'pelamar4@demo.test', line: 953, position: 'PRANATA-KOMPUTER-AP', program: 'S1-TI', gpa: 3.65 },
  { email: 'pelamar5@demo.test', line: 954, position: 'PPU-AHLI-PERTAMA', program: 'S1-HUK', gpa: 3.52 },
  { email: 'pelamar6@demo.test', line: 955, position: 'PPU-AHLI-PERTAMA', program: 'S1-HUK', gpa: 3.18 },
] as const

/** The smallest valid JPEG (1×1 px); a per-applicant suffix keeps the content hashes apart. */
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

function demoPdf(title: string, name: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: title, CreationDate: new Date('2026-01-01T00:00:00Z') } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fontSize(16).text(title).moveDown().fontSize(11).text(`Atas nama: ${name}`).moveDown().text('Dokumen contoh (data demo).')
  doc.end()
  return done
}

export async function seedDemoVerification(opts: { passwordHash: string }) {
  const period = await prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE }, select: { id: true } })
  if (!period) return { finalised: 0 }
  const residents = readPenduduk()
  const regions = getRegionLookup()
  let finalised = 0
  for (const demo of DEMO_VERIFICATION_APPLICANTS) {
    // penduduk.csv line N (1 = header) is residents[N - 2].
    const resident = residents[demo.line - 2]!
    const user = await prisma.user.upsert({
      where: { email: demo.email },
      update: {},
      create: { email: demo.email, name: `${resident.name} (Demo)`, passwordHash: opts.passwordHash, emailVerifiedAt: new Date(), isDemo: true },
    })
    if (await prisma.application.findFirst({ where: { userId: user.id, registrationNumber: { not: null } }, select: { id: true } })) continue
    const actor = { ...SYSTEM_ACTOR, actorId: user.id, actorRole: 'APPLICANT' }
    let identity = await prisma.applicantIdentity.findUnique({ where: { userId: user.id } })
    if (!identity) {
      const birth = resident.birthDate
      const check = checkNik(
        resident.nik,
        { birthDate: { year: birth.getUTCFullYear(), month: birth.getUTCMonth() + 1, day: birth.getUTCDate() }, sex: resident.sex as 'L' | 'P' },
        regions,
      )
      if (!check.ok) throw new Error(`Demo resident ${resident.nik} fails the NIK check: ${check.problem}`)
      identity = await audited(actor, async (tx, audit) => {
        if (!(await tx.userRole.findFirst({ where: { userId: user.id, role: 'APPLICANT' } }))) {
          await tx.userRole.create({ data: { userId: user.id, role: 'APPLICANT' } })
        }
        const row = await tx.applicantIdentity.create({
          data: {
            userId: user.id,
            periodId: period.id,
            nik: resident.nik,
            kk: resident.kk,
            fullName: resident.name,
            birthPlace: resident.birthPlace,
            birthDate: resident.birthDate,
            sex: resident.sex,
            phone: '081200000002',
            nikFlags: check.flags,
            confirmedAt: new Date(),
          },
        })
        await audit({ action: 'applicant.identity_confirmed', entityType: 'ApplicantIdentity', entityId: row.id, after: { userId: user.id, periodId: period.id, demo: true } })
        return row
      })
    }
    const vacancy = await prisma.vacancy.findFirst({
      where: { isActive: true, formasiTypeCode: 'UMUM', position: { code: demo.position, periodId: period.id, isActive: true, agency: { code: 'KEMENKUM' } } },
      select: { id: true, positionId: true },
    })
    if (!vacancy) continue
    const draft = await getOrCreateDraft(user.id, period.id)
    const steps = [
      () => saveBiodata(draft.id, user.id, { address: 'Jl. Contoh No. 1', city: resident.birthPlace, postalCode: '40111', maritalStatus: 'BELUM_KAWIN' }, actor),
      () =>
        saveEducation(
          draft.id,
          user.id,
          { level: 'S1', university: 'Universitas Indonesia', studyProgramCode: demo.program, diplomaNumber: `UI/${resident.nik.slice(-6)}`, gpa: demo.gpa, cumlaude: false },
          actor,
        ),
      () => chooseVacancy({ applicationId: draft.id, userId: user.id, vacancyId: vacancy.id, replace: true, birthDate: identity.birthDate }, actor),
    ]
    let ok = true
    for (const step of steps) {
      const result = await step()
      if (!result.ok) {
        ok = false
        break
      }
    }
    if (!ok) continue
    const documents = await prisma.positionDocument.findMany({ where: { positionId: vacancy.positionId } })
    for (const d of documents) {
      const bytes = d.format === 'JPG' ? Buffer.concat([JPG, Buffer.from(`${d.code}:${resident.nik}`)]) : await demoPdf(d.label, resident.name)
      const result = await uploadDocument({ applicationId: draft.id, userId: user.id, code: d.code, bytes, type: d.format, fileName: `${d.code.toLowerCase()}.${d.format.toLowerCase()}` }, actor)
      if (!result.ok) {
        ok = false
        break
      }
    }
    if (ok && (await finaliseApplication(draft.id, user.id, actor)).ok) finalised++
  }
  return { finalised }
}
