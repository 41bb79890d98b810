import crypto from 'node:crypto'
import type { Browser, Page } from '@playwright/test'
import { test, expect, signIn, visit, sql, recordResponses } from './fixtures'

/**
 * Issue 6, a whole SKD from check-in to certificate: the proctor checks two candidates in and
 * reads their PINs; candidate A signs in, agrees, answers (mouse and keyboard), loses the network
 * and answers offline, continues on a second PC (browser context) with the same PIN, and finishes;
 * candidate B's time runs out and the server closes the exam at 0. The certificate is downloaded
 * the next day (the session is moved a day back) and its QR page verifies. Every response the exam
 * pages receive is searched for keys.
 *
 * The session is created for this test (1 minute long) in the demo period at TILOK-JKT, room R01
 * (proktor@demo.test); its items are copied from a demo attempt's draw. "Time passing" (the start
 * of the session, the next day) is simulated by moving the session's start in the database.
 */
test.describe.configure({ mode: 'serial' })
test.setTimeout(720_000)

const tag = crypto.randomBytes(3).toString('hex').toUpperCase()
const SESSION = `E2E-${tag}`
type Candidate = { name: string; nik: string; number: string; attemptId: string }

async function createTestSession(): Promise<{ roomId: string; sessionId: string; candidates: Candidate[] }> {
  const [period] = await sql<{ id: string }>(`SELECT id FROM "SelectionPeriod" WHERE code = 'CASN-2026-DEMO'`)
  const [room] = await sql<{ id: string; siteId: string }>(
    `SELECT r.id, r."siteId" FROM "ExamRoom" r JOIN "TestSite" t ON t.id = r."siteId" WHERE t.code = 'TILOK-JKT' AND r.code = 'R01'`,
  )
  const [source] = await sql<{ id: string }>(`SELECT a.id FROM "ExamAttempt" a WHERE (SELECT count(*) FROM "ExamAttemptItem" i WHERE i."attemptId" = a.id) = 110 LIMIT 1`)
  const [vacancy] = await sql<{ id: string }>(`SELECT v.id FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId" WHERE p."periodId" = $1 AND v."formasiTypeCode" = 'UMUM' LIMIT 1`, [period!.id])
  const sessionId = `e2e-session-${tag}`
  await sql(
    `INSERT INTO "ExamSession" (id, "periodId", "siteId", code, "startsAt", "blueprintCode", "durationMinutes", capacity)
     VALUES ($1, $2, $3, $4, now() + interval '30 minutes', 'SKD_2024', 1, 2)`,
    [sessionId, period!.id, room!.siteId, SESSION],
  )
  const candidates: Candidate[] = []
  for (const [i, name] of ['Rina Kartika', 'Sapto Hadi'].entries()) {
    const userId = `e2e-user-${tag}-${i}`
    const nik = `3171${String(Date.now()).slice(-10)}${i}${i}`.slice(0, 16)
    const applicationId = `e2e-app-${tag}-${i}`
    const attemptId = `e2e-attempt-${tag}-${i}`
    const number = `${SESSION}-R01-00${i + 1}`
    await sql(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, $3, now())`, [userId, `e2e-${tag}-${i}@uji.test`, name])
    await sql(
      `INSERT INTO "ApplicantIdentity" (id, "userId", "periodId", nik, kk, "fullName", "birthPlace", "birthDate", sex, phone, "nikFlags", "updatedAt")
       VALUES ($1, $1, $2, $3, '3171010101150003', $4, 'Jakarta', '1998-01-01', 'P', '+62812', '{}', now())`,
      [userId, period!.id, nik, name],
    )
    await sql(
      `INSERT INTO "Application" (id, "periodId", "userId", "vacancyId", "selectionKind", status, "registrationNumber", "updatedAt")
       VALUES ($1, $2, $3, $4, 'CPNS', 'VERIFIED_MS', $5, now())`,
      [applicationId, period!.id, userId, vacancy!.id, `2026-E2E-${tag}-${i}`],
    )
    await sql(
      `INSERT INTO "ExamAttempt" (id, "sessionId", "roomId", "seatNumber", "applicationId", "periodId", "participantNumber")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [attemptId, sessionId, room!.id, i + 1, applicationId, period!.id, number],
    )
    await sql(
      `INSERT INTO "ExamAttemptItem" ("attemptId", position, "itemId", "versionId", subtest, "optionOrder")
       SELECT $1, position, "itemId", "versionId", subtest, "optionOrder" FROM "ExamAttemptItem" WHERE "attemptId" = $2`,
      [attemptId, source!.id],
    )
    candidates.push({ name, nik, number, attemptId })
  }
  return { roomId: room!.id, sessionId, candidates }
}

async function examSignIn(page: Page, number: string, pin: string) {
  await visit(page, '/ujian')
  await page.getByLabel(/Nomor peserta/).fill(number)
  await page.getByLabel(/PIN registrasi/).fill(pin)
  await page.getByRole('button', { name: 'Masuk ujian' }).click()
  await expect(page).toHaveURL(/\/ujian\/tes$/)
}

async function newCandidatePage(browser: Browser, bodies: string[]) {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' })
  const page = await context.newPage()
  recordResponses(page, bodies)
  return { context, page }
}

test('a whole SKD: check-in, PIN, answers offline and on a second PC, finish, auto-submit at 0, certificate', async ({ page, browser }) => {
  const { roomId, sessionId, candidates } = await createTestSession()
  const [rina, sapto] = candidates as [Candidate, Candidate]

  // ── The proctor checks both candidates in (the scanner types the number) and reads the PINs.
  await signIn(page, 'proktor@demo.test')
  await visit(page, '/proktor')
  await page.getByRole('link', { name: new RegExp(SESSION) }).click()
  await expect(page.getByRole('heading', { name: new RegExp(`${SESSION}`) })).toBeVisible()
  const pins: string[] = []
  for (const c of candidates) {
    await page.getByLabel('Pindai QR kartu peserta atau ketik nomor peserta').fill(c.number)
    await page.getByLabel('Pindai QR kartu peserta atau ketik nomor peserta').press('Enter')
    await expect(page.getByText(`PIN untuk ${c.name}`)).toBeVisible()
    pins.push((await page.getByTestId('pin').innerText()).trim())
  }
  expect(pins.every((p) => /^\d{6}$/.test(p))).toBe(true)
  // The room re-reads itself every 5 s. The last PIN must stay on screen through those refreshes
  // (it used to vanish with the action's data): wait for two of them — the second starts only after
  // the first has been applied — and the PIN is still there to be read to the candidate.
  const roomRefresh = (r: { url(): string }) => new URL(r.url()).searchParams.get('_data')?.startsWith('routes/proktor') ?? false
  await page.waitForResponse(roomRefresh)
  await page.waitForResponse(roomRefresh)
  await expect(page.getByTestId('pin')).toHaveText(pins[1]!)
  await expect(page.getByRole('row', { name: new RegExp(rina.number) })).toContainText('Sudah registrasi')

  // ── Session time: PIN issuance has closed, the candidates may start.
  await sql(`UPDATE "ExamSession" SET "startsAt" = now() - interval '6 minutes' WHERE id = $1`, [sessionId])

  const bodies: string[] = []
  const first = await newCandidatePage(browser, bodies)
  const exam = first.page
  await examSignIn(exam, rina.number, pins[0]!)
  await expect(exam.getByRole('heading', { name: 'Pakta integritas' })).toBeVisible()
  await exam.getByRole('button', { name: 'Mulai ujian' }).click()
  await expect(exam.getByText('Centang pakta integritas untuk memulai.')).toBeVisible()
  await exam.getByLabel('Saya setuju dengan pakta integritas').check()
  await exam.getByRole('button', { name: 'Mulai ujian' }).click()
  await expect(exam.getByRole('heading', { name: /Soal 1 dari 110/ })).toBeVisible()
  await expect(exam.getByRole('timer')).toContainText(/00:[0-5]\d|01:00/)

  // Answer item 1 with the mouse, item 2 with the keyboard; the map says "terjawab" in text.
  const map = exam.getByRole('navigation', { name: 'Peta soal' })
  await exam.getByRole('group', { name: 'Pilihan jawaban' }).getByRole('radio').first().check()
  await expect(exam.getByText('Semua jawaban tersimpan')).toBeVisible()
  await exam.getByRole('button', { name: 'Berikutnya' }).click()
  await expect(exam.getByRole('heading', { name: /Soal 2 dari 110/ })).toBeVisible()
  await exam.keyboard.press('b')
  await expect(map.getByRole('button', { name: '2, terjawab', exact: true })).toBeVisible()
  await expect(map.getByRole('button', { name: '3, belum dijawab', exact: true })).toBeVisible()
  await expect(exam.getByText('2 dari 110 soal terjawab')).toBeVisible()
  await expect(exam.getByText('Semua jawaban tersimpan')).toBeVisible()

  // ── The network drops: the answer is kept and sent when it returns; stored once.
  await first.context.setOffline(true)
  await map.getByRole('button', { name: '3, belum dijawab', exact: true }).click()
  await exam.keyboard.press('c')
  await expect(exam.getByText('1 jawaban menunggu dikirim')).toBeVisible()
  await expect(exam.getByText(/Koneksi terputus/)).toBeVisible()
  await first.context.setOffline(false)
  await exam.evaluate(() => window.dispatchEvent(new Event('online')))
  await expect(exam.getByText('Semua jawaban tersimpan')).toBeVisible({ timeout: 15_000 })
  const steps = await sql<{ position: number; n: string }>(
    `SELECT position, count(*) AS n FROM "ExamAnswerStep" WHERE "attemptId" = $1 GROUP BY position ORDER BY position`,
    [rina.attemptId],
  )
  expect(steps.map((s) => [s.position, Number(s.n)])).toEqual([[1, 1], [2, 1], [3, 1]])

  // ── The PC fails: Rina continues on another PC with the same PIN; her answers are there.
  const second = await newCandidatePage(browser, bodies)
  await examSignIn(second.page, rina.number, pins[0]!)
  const exam2 = second.page
  await expect(exam2.getByRole('heading', { name: /Soal 1 dari 110/ })).toBeVisible()
  await expect(exam2.getByText('3 dari 110 soal terjawab')).toBeVisible()
  await expect(exam2.getByRole('group', { name: 'Pilihan jawaban' }).getByRole('radio').first()).toBeChecked()
  await exam2.getByRole('navigation', { name: 'Peta soal' }).getByRole('button', { name: '4, belum dijawab', exact: true }).click()
  await exam2.keyboard.press('a')
  await expect(exam2.getByText('4 dari 110 soal terjawab')).toBeVisible()
  await expect(exam2.getByText('Semua jawaban tersimpan')).toBeVisible()
  await first.context.close()

  // ── Sapto starts too, answers one item, and lets the time run out.
  const third = await newCandidatePage(browser, bodies)
  await examSignIn(third.page, sapto.number, pins[1]!)
  await third.page.getByLabel('Saya setuju dengan pakta integritas').check()
  await third.page.getByRole('button', { name: 'Mulai ujian' }).click()
  await third.page.getByRole('group', { name: 'Pilihan jawaban' }).getByRole('radio').nth(2).check()
  await expect(third.page.getByText('Semua jawaban tersimpan')).toBeVisible()

  // ── Rina finishes and sees her scores at once.
  await exam2.getByRole('button', { name: 'Selesai ujian' }).click()
  await expect(exam2.getByText(/Yakin mengakhiri ujian\? 106 soal belum dijawab/)).toBeVisible()
  await exam2.getByRole('alertdialog').getByRole('button', { name: 'Selesai ujian' }).click()
  await expect(exam2.getByRole('heading', { name: 'Hasil ujian' })).toBeVisible()
  for (const part of ['TWK', 'TIU', 'TKP', 'Total']) await expect(exam2.getByRole('rowheader', { name: part })).toBeVisible()
  await expect(exam2.getByText('Tidak memenuhi nilai ambang batas (NAB)')).toBeVisible()

  // ── Sapto's countdown reaches 0; the server closes and scores the attempt by itself.
  await expect(third.page.getByText(/Waktu ujian telah habis/)).toBeVisible({ timeout: 75_000 })
  await expect(third.page.getByRole('heading', { name: 'Hasil ujian' })).toBeVisible({ timeout: 20_000 })
  await expect(third.page.getByRole('rowheader', { name: 'Total' })).toBeVisible({ timeout: 20_000 })
  const [closed] = await sql<{ state: string; finishedAt: Date; deadline: Date }>(`SELECT state::text AS state, "finishedAt", deadline FROM "ExamAttempt" WHERE id = $1`, [sapto.attemptId])
  expect(closed).toMatchObject({ state: 'SCORED' })
  expect(closed!.finishedAt.getTime()).toBe(closed!.deadline.getTime())
  const audit = await sql(`SELECT 1 FROM "AuditLog" WHERE action = 'exam.attempts.autoSubmit' AND "entityId" = $1`, [sessionId])
  expect(audit).toHaveLength(1)
  const results = await sql<{ attendance: string; total: number }>(
    `SELECT r.attendance::text AS attendance, r.total FROM "TestResult" r JOIN "ExamAttempt" a ON a.id = r."attemptId" WHERE a."sessionId" = $1`,
    [sessionId],
  )
  expect(results).toHaveLength(2)
  // The item text came as a bundle (GET /ujian/api/paket/…, immutable); Rina's bundle name is
  // signed for her attempt, so Sapto's browser cannot fetch it.
  const bundleBodies = bodies.filter((b) => b.split('\n')[0]!.includes('/ujian/api/paket/'))
  expect(bundleBodies.length).toBeGreaterThan(0)
  expect(bundleBodies[0]).toContain('stemHtml')
  const rinaBundle = bundleBodies[0]!.split('\n')[0]!
  expect((await third.page.request.get(rinaBundle)).status()).toBe(404)
  await third.context.close()

  // ── The candidate's browser never received a key: not in the pages, the start, the saves, nor the bundle.
  await second.context.close()
  expect(bodies.length).toBeGreaterThan(5)
  for (const body of bodies) expect(body).not.toMatch(/"correct"|"key"|"scores"\s*:\s*\{\s*"A"/)

  // ── The public scoreboard shows both.
  // A projector page: read as served (it refreshes itself once hydrated).
  await page.goto(`/skor/${SESSION}`)
  await expect(page.getByRole('row', { name: new RegExp(rina.number) })).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(sapto.number) })).toBeVisible()

  // ── The certificate: not on the day itself; from the next day with NIK + number; its QR verifies.
  await visit(page, '/sertifikat-skd')
  await page.getByLabel(/^NIK/).fill(rina.nik)
  await page.getByLabel(/^Nomor peserta/).fill(rina.number)
  await page.getByRole('button', { name: 'Unduh sertifikat' }).click()
  await expect(page.getByText('Sertifikat dapat diunduh mulai H+1 setelah tanggal ujian.')).toBeVisible()
  await sql(`UPDATE "ExamSession" SET "startsAt" = now() - interval '1 day' WHERE id = $1`, [sessionId])
  await visit(page, '/sertifikat-skd')
  await page.getByLabel(/^NIK/).fill(rina.nik)
  await page.getByLabel(/^Nomor peserta/).fill(rina.number)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh sertifikat' }).click()])
  expect(download.suggestedFilename()).toBe(`sertifikat-skd-${rina.number}.pdf`)
  const pdf = await download.createReadStream().then(async (s) => {
    const chunks: Buffer[] = []
    for await (const c of s) chunks.push(c as Buffer)
    return Buffer.concat(chunks)
  })
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const secret = 'e2e-session-secret-e2e-session-secret-0000'
  const sig = crypto.createHmac('sha256', secret).update(`skd-certificate:${rina.attemptId}`).digest('base64url').slice(0, 16)
  await visit(page, `/sertifikat-skd/cek/${rina.attemptId}.${sig}`)
  await expect(page.getByText('Sertifikat ini sah dan diterbitkan oleh portal.')).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(rina.number) })).toBeVisible()
  await visit(page, `/sertifikat-skd/cek/${rina.attemptId}.AAAAAAAAAAAAAAAA`)
  await expect(page.getByText('Kode sertifikat tidak sah.')).toBeVisible()
  void roomId
})
