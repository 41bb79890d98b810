import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR, audited } from '~/models/audit.server'
import { executeRankingRun } from '~/models/ranking.server'
import { DEMO_PERIOD_CODE } from './constants.ts'
import { mulberry32 } from '~/utils/seeded-random'

/**
 * Demo data of the ranking context (issue 8): candidates for one Kemenkumham position (Analis
 * Hukum Ahli Pertama: general 12 in Jakarta, cumlaude 2, disabled 1) who passed verification and
 * sat the SKD, a DRAFT SKD ranking for the committee to review, and the SKB results of its P/L
 * candidates, so the committee can run the final integration (with optimalisasi: the general
 * vacancy has fewer candidates than seats), and two committee members can publish it.
 * `peserta@demo.test` is one of the candidates, with the best scores, so the applicant's L status
 * shows on their dashboard once the final list is published.
 *
 * Rows are written directly, as the CAT and assessor contexts would write their results; the
 * ranking itself goes through the real run code. Idempotent: nothing is added once the demo
 * candidates exist.
 */
export const DEMO_CANDIDATE_EMAIL = 'peserta@demo.test'
const POSITION_CODE = 'PPU-AHLI-PERTAMA'
/**
 * Registration numbers far above what finalising applications will count up to, and clear of the
 * assessment demo's 90000001–90000006.
 */
const FIRST_SEQUENCE = 91_000_001

// mulberry32: the same demo data on every machine.
const rng = mulberry32

const FIRST_NAMES = ['Ayu', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fitri', 'Gilang', 'Hana', 'Indra', 'Joko', 'Kartika', 'Lestari', 'Made', 'Nur', 'Oka', 'Putri', 'Rizki', 'Sari', 'Teguh', 'Wulan']
const LAST_NAMES = ['Pratama', 'Santoso', 'Wijaya', 'Lestari', 'Hidayat', 'Saputra', 'Nugroho', 'Siregar', 'Wibowo', 'Rahmawati', 'Sitompul', 'Kurniawan']

export async function seedDemoRanking() {
  const period = await prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE }, select: { id: true, year: true } })
  const candidateUser = await prisma.user.findUnique({ where: { email: DEMO_CANDIDATE_EMAIL }, select: { id: true } })
  const committee = await prisma.user.findUnique({ where: { email: 'panitia@demo.test' }, select: { id: true } })
  if (!period || !candidateUser || !committee) return { created: false }
  const position = await prisma.position.findFirst({ where: { periodId: period.id, code: POSITION_CODE }, include: { vacancies: true, agency: { select: { code: true } } } })
  if (!position) return { created: false }
  if (await prisma.applicantIdentity.findUnique({ where: { userId: candidateUser.id } })) return { created: false }

  const random = rng(2026)
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const five = (min: number, max: number) => 5 * int(Math.ceil(min / 5), Math.floor(max / 5))
  const vacancy = (type: string) => position.vacancies.find((v) => v.formasiTypeCode === type)!
  // Fewer general candidates than seats, so optimalisasi moves cumlaude candidates (L-1).
  const plan = [...Array(10).fill('UMUM'), ...Array(7).fill('CUMLAUDE'), ...Array(4).fill('DISABILITAS')] as string[]

  await audited(
    SYSTEM_ACTOR,
    async (tx, audit) => {
      for (const [i, type] of plan.entries()) {
        const first = i === 0
        const name = first ? 'Peserta Peringkat (Demo)' : `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7) % LAST_NAMES.length]}`
        const userId = first
          ? candidateUser.id
          : (await tx.user.create({ data: { email: `peringkat${i}@demo.test`, name, isDemo: true, emailVerifiedAt: new Date() } })).id
        const birthDate = new Date(Date.UTC(int(1992, 2002), int(0, 11), int(1, 28)))
        await tx.applicantIdentity.create({
          data: {
            userId,
            periodId: period.id,
            nik: `31710${String(1 + i).padStart(11, '0')}`,
            kk: `31710${String(5001 + i).padStart(11, '0')}`,
            fullName: name,
            birthPlace: 'Jakarta',
            birthDate,
            sex: i % 2 ? 'P' : 'L',
            phone: `08120000${String(1000 + i)}`,
            confirmedAt: new Date(),
          },
        })
        const application = await tx.application.create({
          data: {
            periodId: period.id,
            userId,
            vacancyId: vacancy(type).id,
            selectionKind: 'CPNS',
            status: 'VERIFIED_MS',
            registrationNumber: `${period.year}-${position.agency.code}-${String(FIRST_SEQUENCE + i).padStart(8, '0')}`,
            education: { level: 'S1', university: 'Universitas Indonesia', studyProgramCode: 'S1-HUK', diplomaNumber: `UI/2020/${1000 + i}`, gpa: int(300, 395) / 100, cumlaude: type === 'CUMLAUDE' },
            finalizedAt: new Date(),
          },
        })
        await tx.applicationStatusEvent.create({ data: { applicationId: application.id, status: 'VERIFIED_MS', reason: 'Data demo: memenuhi syarat.' } })
        const absent = !first && random() < 0.06
        await tx.testResult.create({
          data: {
            applicationId: application.id,
            periodId: period.id,
            kind: 'SKD',
            attendance: absent ? 'ABSENT' : 'PRESENT',
            twk: absent ? null : first ? 130 : five(60, 125),
            tiu: absent ? null : first ? 150 : five(70, 150),
            tkp: absent ? null : first ? 200 : int(160, 205),
            // Two sessions, so the review shows the equipercentile normalisation beside raw scores.
            takenAt: new Date(Date.UTC(2026, 9, 20, i % 2 ? 1 : 5)),
          },
        })
      }
      await audit({ action: 'demo.ranking.candidates', entityType: 'Position', entityId: position.id, after: { candidates: plan.length } })
    },
    { timeoutMs: 60_000 },
  )

  // The SKD ranking as the committee's job runs it, left as a DRAFT.
  const run = await audited(SYSTEM_ACTOR, async (tx, audit) => {
    const row = await tx.rankingRun.create({ data: { periodId: period.id, stage: 'SKD', createdById: committee.id } })
    await audit({ action: 'ranking.run.queued', entityType: 'RankingRun', entityId: row.id, after: { stage: 'SKD', demo: true } })
    return row
  })
  await executeRankingRun(run.id)

  // SKB results of the P/L candidates (CAT of 500, then the position's additional tests).
  const through = await prisma.rankingEntry.findMany({ where: { runId: run.id, code: 'P/L' }, orderBy: { rank: 'asc' } })
  const tests = await prisma.positionSkbTest.findMany({ where: { positionId: position.id } })
  const candidateApplication = await prisma.application.findFirstOrThrow({ where: { userId: candidateUser.id }, select: { id: true } })
  await audited(SYSTEM_ACTOR, async (tx, audit) => {
    for (const e of through) {
      const best = e.applicationId === candidateApplication.id
      await tx.testResult.create({ data: { applicationId: e.applicationId, periodId: period.id, kind: 'SKB_CAT', attendance: 'PRESENT', total: best ? 470 : int(250, 460) } })
      for (const t of tests) {
        await tx.additionalTestResult.create({ data: { applicationId: e.applicationId, periodId: period.id, testType: t.type, score: best ? 95 : int(55, 98), eliminated: false } })
      }
    }
    await audit({ action: 'demo.ranking.skbResults', entityType: 'RankingRun', entityId: run.id, after: { candidates: through.length } })
  })
  return { created: true, runId: run.id }
}
