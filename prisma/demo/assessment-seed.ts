import { prisma } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { addPanelMember, createBatch, declareInterests, savePositionConfig, scheduleSession, getPositionConfig } from '~/models/assessment.server'
import { DEMO_PERIOD_CODE } from './constants.ts'

/**
 * Demo of the independent assessment (issue 7): Kementerian Hukum's "Analis Hukum Ahli Pertama"
 * (psychological test and interview as additional SKB tests) with six eligible (MS) candidates,
 * a psychological-test batch and an interview batch, and three independent assessors. Two of
 * them have declared; `asesor@demo.test` (UGM) has not, so signing in as them shows the whole
 * flow: declaration → candidate codes (assignment runs when the last assessor declares) → scoring.
 * Everything goes through the assessment model, as a real panel's work would. Idempotent.
 */
export const DEMO_ASSESSORS = [
  { email: 'asesor@demo.test', name: 'Asesor Independen UGM (Demo)', university: 'UGM', declare: false },
  { email: 'asesor2@demo.test', name: 'Asesor Independen UI (Demo)', university: 'UI', declare: true },
  { email: 'asesor3@demo.test', name: 'Asesor Independen UNCEN (Demo)', university: 'UNCEN', declare: true },
]

const CANDIDATES = [
  { name: 'Ayu Lestari', university: 'Universitas Gadjah Mada', program: 'S1-HUK' },
  { name: 'Bima Prasetyo', university: 'Universitas Indonesia', program: 'S1-HUK' },
  { name: 'Citra Wulandari', university: 'Universitas Padjadjaran', program: 'S1-HUK' },
  { name: 'Dimas Saputra', university: 'Universitas Airlangga', program: 'S1-HES' },
  { name: 'Eka Rahmawati', university: 'Universitas Hasanuddin', program: 'S1-HUK' },
  { name: 'Fajar Nugroho', university: 'Universitas Diponegoro', program: 'S1-HUK' },
]

export const DEMO_ASSESSMENT_POSITION = 'PPU-AHLI-PERTAMA'

export async function seedDemoAssessment(opts: { password: string }) {
  const period = await prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE } })
  const agency = await prisma.agency.findUnique({ where: { code: 'KEMENKUM' } })
  if (!period || !agency) return
  const position = await prisma.position.findFirst({
    where: { periodId: period.id, agencyId: agency.id, code: DEMO_ASSESSMENT_POSITION },
    include: { vacancies: { where: { formasiTypeCode: 'UMUM' } } },
  })
  const vacancy = position?.vacancies[0]
  if (!position || !vacancy) return
  const done = await prisma.assessmentBatch.count({ where: { positionId: position.id } })
  if (done) return

  const passwordHash = await hashPassword(opts.password)
  const universities = Object.fromEntries((await prisma.university.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]))
  const assessorIds: string[] = []
  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    for (const a of DEMO_ASSESSORS) {
      const user = await tx.user.upsert({
        where: { email: a.email },
        update: {},
        create: { email: a.email, name: a.name, passwordHash, emailVerifiedAt: new Date(), isDemo: true },
      })
      const has = await tx.userRole.findFirst({ where: { userId: user.id, role: 'ASSESSOR' } })
      if (!has) await tx.userRole.create({ data: { userId: user.id, role: 'ASSESSOR', universityId: universities[a.university] ?? null } })
      assessorIds.push(user.id)
    }
    for (const [i, c] of CANDIDATES.entries()) {
      const n = i + 1
      const user = await tx.user.upsert({
        where: { email: `peserta${n}@demo.test` },
        update: {},
        create: { email: `peserta${n}@demo.test`, name: `${c.name} (Demo)`, passwordHash, emailVerifiedAt: new Date(), isDemo: true },
      })
      if (await tx.application.findUnique({ where: { periodId_userId: { periodId: period.id, userId: user.id } } })) continue
      await tx.userRole.create({ data: { userId: user.id, role: 'APPLICANT' } })
      // NIK/KK outside the demo population table's range, so no registration can collide with them.
      const nik = `31710${n}4101990${String(n).padStart(3, '0')}`.slice(0, 16)
      await tx.applicantIdentity.create({
        data: {
          userId: user.id,
          periodId: period.id,
          nik,
          kk: `317101010199${String(9000 + n)}`,
          fullName: c.name,
          birthPlace: 'Jakarta',
          birthDate: new Date(Date.UTC(1999, 0, n)),
          sex: n % 2 ? 'P' : 'L',
          phone: `08120000000${n}`,
          confirmedAt: new Date(),
        },
      })
      const application = await tx.application.create({
        data: {
          periodId: period.id,
          userId: user.id,
          vacancyId: vacancy.id,
          selectionKind: 'CPNS',
          status: 'VERIFIED_MS',
          registrationNumber: `2026-KEMENKUM-9000000${n}`,
          biodata: { address: `Jl. Contoh ${n}`, city: 'Jakarta Selatan', postalCode: '12110', maritalStatus: 'BELUM_KAWIN' },
          education: { level: 'S1', university: c.university, studyProgramCode: c.program, diplomaNumber: `DEMO-${n}`, gpa: 3.4, cumlaude: false },
          workHistory: [],
          finalizedAt: new Date(),
          events: { create: [{ status: 'SUBMITTED', reason: 'demo' }, { status: 'VERIFIED_MS', reason: 'demo' }] },
        },
      })
      await audit({ action: 'demo.assessmentCandidate', entityType: 'Application', entityId: application.id, after: { status: 'VERIFIED_MS' } })
    }
  }, { timeoutMs: 30_000 })

  const scope = { all: true as const }
  // The psychological test eliminates below 60 (the announced criterion); rubric and rule defaults.
  const config = await getPositionConfig(position.id, scope)
  if (!config) return
  await savePositionConfig(
    position.id,
    scope,
    {
      catWeight: config.position.catWeight,
      highlyTechnical: false,
      tests: config.tests.map((t) => ({
        type: t.type,
        weight: t.weight,
        eliminating: t.eliminating,
        passScore: t.eliminating ? 60 : null,
        rubric: t.rubric,
        assessorsPerCandidate: 2,
        gapThreshold: 15,
        finalScoreRule: t.type === 'WAWANCARA' ? 'ADJUDICATOR' : 'MEAN_CLOSEST_TWO',
      })),
    },
    SYSTEM_ACTOR,
  )
  for (const testType of ['PSIKOTES', 'WAWANCARA']) {
    const created = await createBatch({ positionId: position.id, testType }, scope, SYSTEM_ACTOR)
    if (!created?.ok) continue
    for (const userId of assessorIds) await addPanelMember(created.batchId, userId, scope, SYSTEM_ACTOR)
    for (const [i, a] of DEMO_ASSESSORS.entries()) {
      if (!a.declare) continue
      await declareInterests(
        created.batchId,
        assessorIds[i]!,
        { workplaces: [a.university === 'UI' ? 'Universitas Indonesia' : 'Universitas Cenderawasih'], studyPrograms: [], persons: [], statement: true },
        SYSTEM_ACTOR,
      )
    }
    if (testType === 'WAWANCARA') {
      // Interview sessions, visible on each candidate's dashboard: 09:00 WIB onwards, a week ahead.
      const candidates = await prisma.assessmentCandidate.findMany({ where: { batchId: created.batchId }, orderBy: { code: 'asc' } })
      const day = new Date(Date.now() + 7 * 86_400_000)
      for (const [i, c] of candidates.entries()) {
        const startsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2 + i, 0))
        await scheduleSession(created.batchId, c.id, { startsAt, place: 'Ruang Wawancara 2, Kanwil DKI Jakarta', link: null }, scope, SYSTEM_ACTOR)
      }
    }
  }
}
