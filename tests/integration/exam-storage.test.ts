import { prisma } from '~/utils/db.server'
import { cleanupExamStorage } from '~/models/exam-storage.server'

// Prepared starts and bundles (ADR 014 addendum 2026-12-02): dropped for closed attempts a day after
// their session ended, kept for everything that may still start or be served.
const HOUR = 3_600_000
const now = new Date('2026-12-10T05:00:00Z')
const at = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * HOUR)
let seq = 0

let siteId: string | undefined
/** A session at a test site, or an online one when it has a window close. */
async function session(code: string, startsAt: Date, opts: { durationMinutes?: number; closesAt?: Date } = {}) {
  siteId ??= (await prisma.testSite.create({ data: { code: 'JKT-STORAGE', name: 'Kantor Pusat BKN', city: 'Jakarta', timeZone: 'Asia/Jakarta', rooms: 1, seatsPerRoom: 10 } })).id
  return prisma.examSession.create({
    data: {
      code: `${code}-${Math.random().toString(36).slice(2, 6)}`,
      siteId: opts.closesAt ? null : siteId,
      startsAt,
      closesAt: opts.closesAt,
      blueprintCode: 'SKD_2024',
      durationMinutes: opts.durationMinutes ?? 100,
      capacity: 10,
    },
  })
}

async function attempt(sessionId: string, state: 'NOT_STARTED' | 'IN_PROGRESS' | 'FINISHED' | 'AUTO_SUBMITTED' | 'SCORED' | 'ABSENT' | 'DISQUALIFIED', bundleHash: string) {
  seq++
  const a = await prisma.examAttempt.create({ data: { sessionId, applicationId: `app-${seq}`, participantNumber: `P-${seq}-${Math.random().toString(36).slice(2, 6)}`, state } })
  await prisma.examPreparedStart.create({ data: { attemptId: a.id, bundleHash, items: `1,TWK,v${seq},ABCDE` } })
  return a.id
}

async function bundle(hash: string) {
  await prisma.examBundle.create({ data: { hash, gzip: Buffer.from(`gzip of ${hash}`) } })
  return hash
}

const preparedOf = async (ids: string[]) => (await prisma.examPreparedStart.findMany({ where: { attemptId: { in: ids } }, select: { attemptId: true } })).map((p) => p.attemptId).sort()
const bundlesLeft = async () => (await prisma.examBundle.findMany({ select: { hash: true } })).map((b) => b.hash).sort()

test('closed attempts of a session that ended over a day ago lose their prepared start; upcoming, recent and shared ones stay', async () => {
  const onlyOld = await bundle('bundle-only-old')
  const shared = await bundle('bundle-shared-with-upcoming')
  const upcomingOnly = await bundle('bundle-upcoming')
  const recentOnly = await bundle('bundle-recent')
  const orphan = await bundle('bundle-named-by-nobody')

  // Two days ago, 100 minutes: ended ~46 h ago.
  const old = await session('OLD', at(-48))
  const oldClosed = [
    await attempt(old.id, 'SCORED', onlyOld),
    await attempt(old.id, 'FINISHED', onlyOld),
    await attempt(old.id, 'AUTO_SUBMITTED', onlyOld),
    await attempt(old.id, 'ABSENT', shared),
    await attempt(old.id, 'DISQUALIFIED', onlyOld),
  ]
  // Not closed by the sweeper (yet): whatever the clock says, it may still be served.
  const oldStillRunning = await attempt(old.id, 'IN_PROGRESS', onlyOld)
  // Ended 3 hours ago: within the day kept.
  const recent = await session('RECENT', at(-4), { durationMinutes: 60 })
  const recentClosed = await attempt(recent.id, 'SCORED', recentOnly)
  // An online window opened five days ago that closed 2 hours ago: ends at its close, not at start + duration.
  const online = await session('ONLINE', at(-120), { durationMinutes: 60, closesAt: at(-2) })
  const onlineClosed = await attempt(online.id, 'FINISHED', recentOnly)
  // Tomorrow's session, drawn and prepared; one of its attempts shares a bundle with the old session.
  const upcoming = await session('UPCOMING', at(24))
  const upcomingAttempts = [await attempt(upcoming.id, 'NOT_STARTED', shared), await attempt(upcoming.id, 'NOT_STARTED', upcomingOnly)]

  // Batches of 2 rows: the five old rows take three statements.
  const done = await cleanupExamStorage({ now, batchSize: 2 })

  expect(done).toEqual({ preparedStarts: 5, bundles: 1, provisionalScores: 0 })
  expect(await preparedOf(oldClosed)).toEqual([])
  expect(await preparedOf([oldStillRunning, recentClosed, onlineClosed, ...upcomingAttempts])).toEqual([oldStillRunning, recentClosed, onlineClosed, ...upcomingAttempts].sort())
  // Only the bundle nobody names went; the old session's own is still named by the attempt the sweeper has not closed.
  expect(await bundlesLeft()).toEqual([onlyOld, recentOnly, shared, upcomingOnly].sort())
  expect(await bundlesLeft()).not.toContain(orphan)
  // The attempts themselves and their items are not touched.
  expect(await prisma.examAttempt.count({ where: { sessionId: old.id } })).toBe(6)

  // Once the last attempt naming it is closed and the day has passed, its bundle goes too;
  // the bundle an upcoming attempt shares stays.
  await prisma.examAttempt.update({ where: { id: oldStillRunning }, data: { state: 'AUTO_SUBMITTED' } })
  expect(await cleanupExamStorage({ now })).toEqual({ preparedStarts: 1, bundles: 1, provisionalScores: 0 })
  expect(await bundlesLeft()).toEqual([recentOnly, shared, upcomingOnly].sort())

  // A second more than a day after the recent session's end its row goes; the online one (closed an
  // hour after it) and the bundle they share stay.
  const later = new Date(recent.startsAt.getTime() + 60 * 60_000 + 24 * HOUR + 1000)
  expect(await cleanupExamStorage({ now: later })).toEqual({ preparedStarts: 1, bundles: 0, provisionalScores: 0 })
  expect(await preparedOf([recentClosed, onlineClosed])).toEqual([onlineClosed])
  expect(await bundlesLeft()).toEqual([recentOnly, shared, upcomingOnly].sort())
})
