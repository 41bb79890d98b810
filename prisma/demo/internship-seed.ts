import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { storeFile } from '~/utils/storage.server'
import type { RoleName } from '~/domain/identity/roles'

/**
 * Demo data of the internship track (issue 9): a Kementerian Kesehatan opening with rolling
 * intake, the agency admin who runs it, kampus@demo.test's university (UI) with a DPL, a second
 * university's PIC, and mahasiswa@demo.test in a running placement mentored by mentor@demo.test —
 * so a visitor sees every role's page filled. Idempotent: nothing is created twice.
 */
const ACCOUNTS: { email: string; name: string; role: RoleName; agency?: string; university?: string }[] = [
  { email: 'instansi.kemenkes@demo.test', name: 'Admin Magang Kemenkes (Demo)', role: 'AGENCY_ADMIN', agency: 'KEMENKES' },
  { email: 'dpl@demo.test', name: 'Dr. Sari Wulandari (DPL Demo)', role: 'DPL', university: 'UI' },
  { email: 'kampus.ugm@demo.test', name: 'PIC Universitas Gadjah Mada (Demo)', role: 'UNIVERSITY_PIC', university: 'UGM' },
  { email: 'mahasiswa@demo.test', name: 'Rina Mahasiswi (Demo)', role: 'STUDENT', university: 'UI' },
]

export const DEMO_OPENING_TITLE = 'Magang Analis Data Kesehatan'

// A one-page PDF and a tiny JPEG stand in for the student's documents.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)

export async function seedDemoInternship(opts: { passwordHash: string }) {
  const [kemenkes, ui] = await Promise.all([
    prisma.agency.findUniqueOrThrow({ where: { code: 'KEMENKES' } }),
    prisma.university.findUniqueOrThrow({ where: { code: 'UI' } }),
  ])
  const universities = Object.fromEntries((await prisma.university.findMany()).map((u) => [u.code, u.id]))
  const pdfHash = await storeFile(PDF, 'application/pdf')
  const jpgHash = await storeFile(JPG, 'image/jpeg')
  const day = 86_400_000
  const today = new Date(`${new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`)

  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    const ids: Record<string, string> = {}
    for (const a of ACCOUNTS) {
      const user = await tx.user.upsert({
        where: { email: a.email },
        update: {},
        create: { email: a.email, name: a.name, passwordHash: opts.passwordHash, emailVerifiedAt: new Date(), isDemo: true },
      })
      ids[a.email] = user.id
      const agencyId = a.agency ? kemenkes.id : null
      const universityId = a.university ? universities[a.university]! : null
      if (!(await tx.userRole.findFirst({ where: { userId: user.id, role: a.role, agencyId, universityId } }))) {
        await tx.userRole.create({ data: { userId: user.id, role: a.role, agencyId, universityId } })
      }
    }
    const mentor = await tx.user.findUnique({ where: { email: 'mentor@demo.test' } })
    const studentId = ids['mahasiswa@demo.test']!
    await tx.studentProfile.upsert({
      where: { userId: studentId },
      update: {},
      create: { userId: studentId, universityId: ui.id, studentNumber: '2106700001', studyProgramCode: 'S1-KESMAS', level: 'S1', semester: 6, gpa: 3.62 },
    })
    let opening = await tx.internshipOpening.findFirst({ where: { isDemo: true, title: DEMO_OPENING_TITLE } })
    if (opening) return
    opening = await tx.internshipOpening.create({
      data: {
        agencyId: kemenkes.id,
        title: DEMO_OPENING_TITLE,
        unit: 'Pusat Data dan Teknologi Informasi',
        description: 'Membantu pengolahan dan visualisasi data surveilans kesehatan, menyusun dasbor, dan mendokumentasikan kamus data.',
        places: 5,
        durationMonths: 4,
        mode: 'HYBRID',
        stipendMonthly: 2_800_000,
        minSemester: null,
        minGpa: 3,
        studyProgramCodes: ['S1-KESMAS', 'S1-STAT', 'S1-SI', 'S1-TI', 'D3-RMIK'],
        // Rolling intake: open for two more months, first interns started a month ago.
        closesAt: new Date(today.getTime() + 60 * day - 7 * 3_600_000 - 1000),
        startsAt: new Date(today.getTime() - 30 * day),
        isDemo: true,
      },
    })
    const application = await tx.internshipApplication.create({
      data: {
        openingId: opening.id,
        studentId,
        universityId: ui.id,
        studyProgramCode: 'S1-KESMAS',
        level: 'S1',
        semester: 6,
        gpa: 3.62,
        motivation: 'Saya ingin menerapkan ilmu kesehatan masyarakat dan analisis data untuk kebijakan kesehatan.',
        status: 'ACCEPTED',
        campusReviewedAt: new Date(today.getTime() - 40 * day),
        shortlistedAt: new Date(today.getTime() - 38 * day),
        interviewScore: 84,
        offeredAt: new Date(today.getTime() - 36 * day),
        offerDeadline: new Date(today.getTime() - 33 * day),
        respondedAt: new Date(today.getTime() - 35 * day),
        documents: {
          create: (['CV', 'TRANSCRIPT', 'KTP', 'SR', 'SPTJM'] as const).map((kind) => ({
            kind,
            fileHash: kind === 'KTP' ? jpgHash : pdfHash,
            fileName: `${kind.toLowerCase()}.${kind === 'KTP' ? 'jpg' : 'pdf'}`,
            mime: kind === 'KTP' ? 'image/jpeg' : 'application/pdf',
            size: kind === 'KTP' ? JPG.length : PDF.length,
          })),
        },
      },
    })
    const endsAt = new Date(opening.startsAt)
    endsAt.setUTCMonth(endsAt.getUTCMonth() + 4)
    endsAt.setUTCDate(endsAt.getUTCDate() - 1)
    const placement = await tx.internshipPlacement.create({
      data: {
        applicationId: application.id,
        studentId,
        universityId: ui.id,
        agencyId: kemenkes.id,
        mentorId: mentor?.id ?? null,
        dplId: ids['dpl@demo.test']!,
        startsAt: opening.startsAt,
        endsAt,
        durationMonths: 4,
      },
    })
    await tx.internshipEntry.createMany({
      data: [
        { placementId: placement.id, kind: 'LOGBOOK', entryDate: new Date(today.getTime() - 2 * day), title: 'Membersihkan data kunjungan puskesmas', body: 'Memeriksa duplikasi dan nilai kosong pada data kunjungan puskesmas triwulan III.', hours: 8, status: 'APPROVED', reviewerId: mentor?.id, reviewerRole: 'MENTOR', reviewedAt: new Date() },
        { placementId: placement.id, kind: 'LOGBOOK', entryDate: new Date(today.getTime() - day), title: 'Menyusun dasbor imunisasi', body: 'Membuat rancangan dasbor cakupan imunisasi dasar lengkap per kabupaten.', hours: 7 },
        { placementId: placement.id, kind: 'MONTHLY_REPORT', entryDate: opening.startsAt, month: 1, title: 'Laporan bulan pertama', body: 'Orientasi unit kerja, pengenalan sistem data, dan pembersihan data kunjungan.', status: 'APPROVED', reviewerId: mentor?.id, reviewerRole: 'MENTOR', reviewedAt: new Date() },
      ],
    })
    await audit({ action: 'demo.internship_loaded', entityType: 'InternshipOpening', entityId: opening.id, after: { placementId: placement.id, accounts: ACCOUNTS.map((a) => a.email) } })
  })
}
