import { prisma } from '~/utils/db.server'
import { getBlueprint } from '~/domain/exam/blueprints'
import { SYSTEM_ACTOR } from '~/models/audit.server'
import { allocateAndDraw, checkIn, createSession } from '~/models/exam.server'
import { startOrResume } from '~/models/exam-attempt.server'

/**
 * Test data for the exam tests: a period with MS applicants, a site with one room, and a small
 * synthetic bank (2× each blueprint bucket) with known keys — single items: A correct; weighted
 * items: A 5, B 4, C 3, D 2, E 1 — so a test can compute the expected score itself.
 */

let serial = 0

export async function seedBank(blueprintCode = 'SKD_2024') {
  const blueprint = getBlueprint(blueprintCode)
  const items: { id: string; subtest: string; difficulty: number; topic: string; source: string }[] = []
  const versions: { id: string; itemId: string; version: number; type: string; stem: string; options: object; key: object; contentHash: string }[] = []
  for (const s of blueprint.subtests) {
    for (const d of [1, 2, 3] as const) {
      for (let n = 0; n < s.difficultyMix[d] * 2; n++) {
        const id = `uji-${s.code.toLowerCase()}-${d}-${n}`
        items.push({ id, subtest: s.code, difficulty: d, topic: 'uji', source: 'test' })
        versions.push({
          id: `${id}-v1`,
          itemId: id,
          version: 1,
          type: s.scoring,
          stem: `Soal ${id}: pilih jawaban terbaik.`,
          options: ['A', 'B', 'C', 'D', 'E'].map((o) => ({ id: o, text: `Pilihan ${o} untuk ${id}` })),
          key: s.scoring === 'single' ? { correct: 'A' } : { scores: { A: 5, B: 4, C: 3, D: 2, E: 1 } },
          contentHash: id,
        })
      }
    }
  }
  await prisma.questionItem.createMany({ data: items, skipDuplicates: true })
  await prisma.questionItemVersion.createMany({ data: versions, skipDuplicates: true })
}

export async function seedExamWorld(opts: { candidates: number; seats?: number; formasi?: string }) {
  serial++
  const tag = `${process.pid}${serial}`
  const period = await prisma.selectionPeriod.create({ data: { code: `UJI-${tag}`, name: `Seleksi Uji ${tag}`, kind: 'CPNS', year: 2026, status: 'PUBLISHED' } })
  const agency = await prisma.agency.create({ data: { code: `KEMUJI${tag}`, name: 'Kementerian Uji', kind: 'CENTRAL' } })
  await prisma.formasiType.createMany({ data: [{ code: opts.formasi ?? 'UMUM', name: opts.formasi ?? 'Umum' }], skipDuplicates: true })
  const position = await prisma.position.create({
    data: { periodId: period.id, agencyId: agency.id, code: 'ANALIS', name: 'Analis', unit: 'Setjen', educationLevels: ['S1'] },
  })
  const vacancy = await prisma.vacancy.create({ data: { positionId: position.id, formasiTypeCode: opts.formasi ?? 'UMUM', location: 'Jakarta', count: 5 } })
  const site = await prisma.testSite.create({ data: { code: `JKT${tag}`, name: 'Kantor Regional Uji', city: 'Jakarta', timeZone: 'Asia/Jakarta', rooms: 1, seatsPerRoom: opts.seats ?? opts.candidates } })
  const proctor = await prisma.user.create({ data: { email: `proktor${tag}@uji.test`, name: 'Proktor Uji', emailVerifiedAt: new Date() } })
  await prisma.userRole.create({ data: { userId: proctor.id, role: 'PROCTOR', agencyId: agency.id } })
  const room = await prisma.examRoom.create({ data: { siteId: site.id, code: 'R01', name: 'Ruang 1', seats: opts.seats ?? opts.candidates, proctorUserId: proctor.id } })
  const applicants: { applicationId: string; nik: string; name: string }[] = []
  for (let i = 0; i < opts.candidates; i++) {
    const user = await prisma.user.create({ data: { email: `peserta${tag}-${i}@uji.test`, name: `Peserta ${i}` } })
    const nik = `3174${tag.slice(-6).padStart(6, '0')}${String(i).padStart(6, '0')}`.slice(0, 16)
    await prisma.applicantIdentity.create({
      data: { userId: user.id, periodId: period.id, nik, kk: '3174010101150003', fullName: `Peserta Uji ${i}`, birthPlace: 'Jakarta', birthDate: new Date('1998-05-17'), sex: 'P', phone: '+628123', confirmedAt: new Date() },
    })
    const application = await prisma.application.create({
      data: { periodId: period.id, userId: user.id, vacancyId: vacancy.id, selectionKind: 'CPNS', status: 'VERIFIED_MS', registrationNumber: `2026-UJI${tag}-${String(i).padStart(8, '0')}` },
    })
    await prisma.examSitePreference.create({ data: { applicationId: application.id, siteId: site.id } })
    applicants.push({ applicationId: application.id, nik, name: `Peserta Uji ${i}` })
  }
  return { period, agency, site, room, proctor, applicants, tag }
}

/**
 * An SKD session of `candidates` applicants that began a minute ago: drawn, every candidate
 * checked in by the room's proctor and started (no answers yet). The attempts in seat order.
 */
export async function startedSession(candidates: number, code: string) {
  await seedBank('SKD_2024')
  const world = await seedExamWorld({ candidates })
  const session = await createSession(
    { periodId: world.period.id, siteId: world.site.id, code: `${code}-${world.tag}`, startsAt: new Date(Date.now() + 30 * 60_000), blueprintCode: 'SKD_2024', capacity: candidates },
    SYSTEM_ACTOR,
  )
  await allocateAndDraw(world.period.id, [session.id], SYSTEM_ACTOR)
  const attempts: { id: string; applicationId: string }[] = []
  for (const applicant of world.applicants) {
    const attempt = await prisma.examAttempt.findFirstOrThrow({ where: { sessionId: session.id, applicationId: applicant.applicationId } })
    const r = await checkIn(world.room.id, attempt.participantNumber, { ...SYSTEM_ACTOR, actorId: world.proctor.id, actorRole: 'PROCTOR' })
    if (!r.ok) throw new Error(r.error)
    attempts.push({ id: attempt.id, applicationId: attempt.applicationId })
  }
  await prisma.examSession.update({ where: { id: session.id }, data: { startsAt: new Date(Date.now() - 60_000) } })
  for (const a of attempts) {
    const started = await startOrResume(a.id, { agreed: true }, SYSTEM_ACTOR)
    if (!started.ok) throw new Error('start failed')
  }
  return { world, sessionId: session.id, attempts }
}
