import { prisma } from '~/utils/db.server'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { syncBankFromDisk } from '~/models/question-bank.server'
import { allocateAndDraw, createSession } from '~/models/exam.server'
import { finishAttempt, hashPin, saveAnswers, startOrResume } from '~/models/exam-attempt.server'
import { scoreClosedAttempts } from '~/models/exam-scoring.server'
import { planSessionStarts } from '~/domain/exam/sessions'
import { parseItemRefs } from '~/domain/exam/item-refs'
import { DEMO_PERIOD_CODE } from './constants.ts'

/**
 * Demo CAT (issue 6): rooms at TILOK-JKT with `proktor@demo.test` in room R01, SKD sessions for the
 * next days (4 a day, 2 on Fridays), ten MS demo candidates allocated to a session that is running
 * now — some checked in, some answering, one finished and scored — so the proctor's live room and
 * the public scoreboard show something. Demo candidates' PIN is 123456. Idempotent: everything is
 * created once and left alone on later starts.
 */
export const DEMO_EXAM_PIN = '123456'
const LIVE_SESSION = 'TILOK-JKT-DEMO-LIVE'

export async function seedDemoExam() {
  const period = await prisma.selectionPeriod.findUnique({ where: { code: DEMO_PERIOD_CODE } })
  const site = await prisma.testSite.findUnique({ where: { code: 'TILOK-JKT' } })
  const proctor = await prisma.user.findUnique({ where: { email: 'proktor@demo.test' } })
  if (!period || !site || !proctor) return
  if ((await prisma.questionItem.count()) === 0) {
    const synced = await syncBankFromDisk(SYSTEM_ACTOR)
    if (!synced.ok) {
      console.warn('Demo exam skipped: the question bank does not validate.')
      return
    }
  }
  for (const [i, code] of ['R01', 'R02'].entries()) {
    await prisma.examRoom.upsert({
      where: { siteId_code: { siteId: site.id, code } },
      update: {},
      create: { siteId: site.id, code, name: `Ruang ${i + 1}`, seats: 20, proctorUserId: i === 0 ? proctor.id : null },
    })
  }
  // The coming days' sessions (WIB), created once.
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)
  const last = new Date(Date.now() + 7 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
  for (const [n, startsAt] of planSessionStarts(today, last).entries()) {
    const code = `TILOK-JKT-${startsAt.toISOString().slice(0, 10).replaceAll('-', '')}-${n + 1}`
    if (await prisma.examSession.findUnique({ where: { code } })) continue
    if (startsAt.getTime() < Date.now()) continue
    await createSession({ periodId: period.id, siteId: site.id, code, startsAt, blueprintCode: 'SKD_2024', capacity: 40, isDemo: true }, SYSTEM_ACTOR)
  }
  if (await prisma.examSession.findUnique({ where: { code: LIVE_SESSION } })) return

  const vacancy = await prisma.vacancy.findFirst({ where: { position: { periodId: period.id }, isActive: true }, orderBy: { id: 'asc' } })
  if (!vacancy) return
  const live = await createSession(
    { periodId: period.id, siteId: site.id, code: LIVE_SESSION, startsAt: new Date(Date.now() - 10 * 60_000), blueprintCode: 'SKD_2024', capacity: 10, isDemo: true },
    SYSTEM_ACTOR,
  )
  const names = ['Ayu Lestari', 'Bagus Pratama', 'Citra Dewi', 'Dimas Saputra', 'Eka Wulandari', 'Fajar Nugroho', 'Gita Maharani', 'Hendra Wijaya', 'Indah Permata', 'Joko Susilo']
  for (const [i, name] of names.entries()) {
    const email = `peserta${String(i + 1).padStart(2, '0')}@demo.test`
    const user = await prisma.user.upsert({ where: { email }, update: {}, create: { email, name, isDemo: true, emailVerifiedAt: new Date() } })
    await prisma.applicantIdentity.upsert({
      where: { userId: user.id },
      update: {},
      create: {
        userId: user.id,
        periodId: period.id,
        nik: `31750${String(i + 1).padStart(2, '0')}50599000${i}`.slice(0, 16).padEnd(16, '0'),
        kk: '3175010101150003',
        fullName: name,
        birthPlace: 'Jakarta',
        birthDate: new Date(Date.UTC(1997, i % 12, 10 + i)),
        sex: i % 2 ? 'L' : 'P',
        phone: '+6281200000000',
        confirmedAt: new Date(),
      },
    })
    const application = await prisma.application.upsert({
      where: { periodId_userId: { periodId: period.id, userId: user.id } },
      update: {},
      create: {
        periodId: period.id,
        userId: user.id,
        vacancyId: vacancy.id,
        selectionKind: 'CPNS',
        status: 'VERIFIED_MS',
        registrationNumber: `2026-DEMO-CAT-${String(i + 1).padStart(4, '0')}`,
        finalizedAt: new Date(),
      },
    })
    await prisma.examSitePreference.upsert({ where: { applicationId: application.id }, update: {}, create: { applicationId: application.id, siteId: site.id } })
  }
  try {
    await allocateAndDraw(period.id, [live.id], SYSTEM_ACTOR)
  } catch (error) {
    // A bank too small for the blueprint must not stop the portal from starting.
    console.warn('Demo exam: no draw for the live session:', error instanceof Error ? error.message : error)
    return
  }
  // A running room: seats 1–6 checked in (PIN 123456), 1–4 started with some answers, 1 finished.
  const attempts = await prisma.examAttempt.findMany({ where: { sessionId: live.id }, orderBy: { seatNumber: 'asc' } })
  const pinHash = await hashPin(DEMO_EXAM_PIN)
  for (const [i, attempt] of attempts.entries()) {
    if (i >= 6) break
    await prisma.examAttempt.update({ where: { id: attempt.id }, data: { pinHash, checkedInAt: new Date(Date.now() - 30 * 60_000) } })
    if (i >= 4) continue
    const started = await startOrResume(attempt.id, { agreed: true }, SYSTEM_ACTOR)
    if (!started.ok) continue
    const count = 20 + i * 25
    await saveAnswers(
      attempt.id,
      parseItemRefs(started.items).slice(0, count).map((item, n) => ({ seq: n + 1, position: item.position, optionId: item.options[(n + i) % item.options.length]! })),
    )
    if (i === 0) {
      await finishAttempt(attempt.id, SYSTEM_ACTOR)
      await scoreClosedAttempts([attempt.id])
    }
  }
}
