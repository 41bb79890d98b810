import { test, expect, signIn, signOut, sql, visit, recordResponses } from './fixtures'

/**
 * Issue 9's short test on the CBT engine (ADR 019 addendum), in the browser: the agency admin of
 * Kementerian Kesehatan adds a short online test to an opening; mahasiswa@demo.test, shortlisted
 * there, starts it from /magang/saya inside the window, answers a few items on the CAT exam page,
 * finishes and sees the score; the agency sees it on the shortlist and orders by it. Every
 * response the exam page receives is checked for keys (as in exam.spec.ts).
 */
test.describe.configure({ mode: 'serial' })

const STUDENT = 'Rina Mahasiswi (Demo)'
const TITLE = `Magang Tes Singkat ${Date.now()}`
let openingId = ''

/** A WIB wall-clock `datetime-local` value `minutes` from now. */
function wibLocal(minutes: number) {
  return new Date(Date.now() + minutes * 60_000 + 7 * 3_600_000).toISOString().slice(0, 16)
}

test.beforeAll(async () => {
  // A second opening of the demo agency with the demo student already shortlisted (the campus
  // and shortlisting steps are internship.spec.ts's journey).
  const [agency] = await sql<{ id: string }>(`SELECT id FROM "Agency" WHERE code = 'KEMENKES'`)
  const [student] = await sql<{ id: string; universityId: string }>(
    `SELECT u.id, p."universityId" FROM "User" u JOIN "StudentProfile" p ON p."userId" = u.id WHERE u.email = 'mahasiswa@demo.test'`,
  )
  openingId = `e2e-tes-${Date.now()}`
  await sql(
    `INSERT INTO "InternshipOpening" (id, "agencyId", title, unit, description, places, "durationMonths", mode, "stipendMonthly", "studyProgramCodes", "closesAt", "startsAt")
     VALUES ($1, $2, $3, 'Biro Perencanaan', 'Analisis anggaran.', 2, 3, 'HYBRID', 2500000, '{}', now() + interval '30 days', now() + interval '40 days')`,
    [openingId, agency!.id, TITLE],
  )
  await sql(
    `INSERT INTO "InternshipApplication" (id, "openingId", "studentId", "universityId", "studyProgramCode", level, semester, gpa, motivation, status, "shortlistedAt", "updatedAt")
     VALUES ($1, $2, $3, $4, 'S1-KESMAS', 'S1', 6, 3.62, 'Motivasi magang di biro perencanaan.', 'SHORTLISTED', now(), now())`,
    [`${openingId}-app`, openingId, student!.id, student!.universityId],
  )
})

test('the agency admin adds a short test: bad input is refused, the demo default saves', async ({ page }) => {
  await signIn(page, 'instansi.kemenkes@demo.test')
  await visit(page, `/instansi/magang/${openingId}`)
  await page.getByRole('link', { name: 'Atur tes singkat' }).click()
  await expect(page.getByRole('heading', { name: 'Tes singkat daring', level: 1 })).toBeVisible()
  await expect(page.getByText('Lowongan ini belum memakai tes singkat.')).toBeVisible()
  // The demo default is filled in: TIU 20, TWK 10.
  await expect(page.getByLabel('Jumlah soal TIU')).toHaveValue('20')
  await expect(page.getByLabel('Jumlah soal TWK')).toHaveValue('10')
  await page.getByLabel('Jumlah soal TKP').fill('45')
  await page.getByLabel('Durasi (menit, 15–90)').fill('10')
  await page.getByLabel('Dibuka (WIB)').fill(wibLocal(-5))
  await page.getByLabel('Ditutup (WIB)').fill(wibLocal(24 * 60))
  await page.getByRole('button', { name: 'Simpan tes singkat' }).click()
  await expect(page.getByText('Total soal paling banyak 60.')).toBeVisible()
  await expect(page.getByText('Durasi harus 15–90 menit.').first()).toBeVisible()
  expect(await sql(`SELECT 1 FROM "InternshipShortTest" WHERE "openingId" = $1`, [openingId])).toHaveLength(0)

  await page.getByLabel('Jumlah soal TKP').fill('0')
  await page.getByLabel('Durasi (menit, 15–90)').fill('20')
  await page.getByRole('button', { name: 'Simpan tes singkat' }).click()
  await expect(page.getByText('Tes singkat tersimpan.')).toBeVisible()
  await expect(page.getByText(/Sedang dibuka · TIU 20, TWK 10 · 20 menit/)).toBeVisible()
  const audit = await sql<{ after: { blueprintCode: string } }>(`SELECT after FROM "AuditLog" WHERE action = 'internship.short_test.create' AND "entityId" = $1`, [openingId])
  expect(audit.map((a) => a.after.blueprintCode)).toEqual(['MAGANG:TIU=20,TWK=10'])
})

test('the shortlisted student takes it on the CAT exam page and sees the score; no key reaches the browser', async ({ page }) => {
  const bodies: string[] = []
  recordResponses(page, bodies)
  await signIn(page, 'mahasiswa@demo.test')
  await visit(page, '/magang/saya')
  const card = page.getByRole('region', { name: new RegExp(TITLE) })
  await expect(card).toContainText('TIU 20, TWK 10, 20 menit')
  await card.getByRole('button', { name: 'Mulai tes singkat' }).click()

  await expect(page.getByRole('heading', { name: 'Pakta integritas' })).toBeVisible()
  await expect(page.getByText(`${STUDENT} · MG-`)).toBeVisible()
  await page.getByLabel('Saya setuju dengan pakta integritas').check()
  await page.getByRole('button', { name: 'Mulai ujian' }).click()
  await expect(page.getByRole('heading', { name: /Soal 1 dari 30/ })).toBeVisible()
  await expect(page.getByRole('timer')).toContainText(/(19|20):\d\d/)
  for (const key of ['a', 'b', 'c']) {
    await page.keyboard.press(key)
    await page.getByRole('button', { name: 'Berikutnya' }).click()
  }
  await expect(page.getByText('3 dari 30 soal terjawab')).toBeVisible()
  await expect(page.getByText('Semua jawaban tersimpan')).toBeVisible()
  await page.getByRole('button', { name: 'Selesai ujian' }).click()
  await page.getByRole('alertdialog').getByRole('button', { name: 'Selesai ujian' }).click()
  await expect(page.getByRole('heading', { name: 'Hasil ujian' })).toBeVisible()
  for (const part of ['TIU', 'TWK', 'Total']) await expect(page.getByRole('rowheader', { name: part })).toBeVisible()

  const [attempt] = await sql<{ state: string; scores: Record<string, number>; steps: string }>(
    `SELECT a.state::text AS state, a.scores, (SELECT count(*) FROM "ExamAnswerStep" s WHERE s."attemptId" = a.id) AS steps
     FROM "ExamAttempt" a WHERE a."applicationId" = $1`,
    [`${openingId}-app`],
  )
  expect(attempt).toMatchObject({ state: 'SCORED', steps: '3' })
  const { TIU, TWK, total } = attempt!.scores as { TIU: number; TWK: number; total: number }
  await expect(page.getByRole('row', { name: /Total/ })).toContainText(`${total} / 150`)

  // Back to the student's page: the score is on the application.
  await page.locator('main').getByRole('button', { name: 'Keluar' }).click()
  await expect(page).toHaveURL(/\/magang\/saya$/)
  await expect(page.getByRole('region', { name: new RegExp(TITLE) })).toContainText(`Nilai Anda: TIU ${TIU}/100, TWK ${TWK}/50 · total ${total}/150`)
  await expect(page.getByRole('region', { name: new RegExp(TITLE) }).getByRole('button', { name: 'Mulai tes singkat' })).toHaveCount(0)

  expect(bodies.some((b) => b.split('\n')[0]!.includes('/ujian/api/mulai'))).toBe(true)
  expect(bodies.some((b) => b.split('\n')[0]!.includes('/ujian/api/paket/'))).toBe(true)
  for (const body of bodies) expect(body).not.toMatch(/"correct"|"key"|"scores"\s*:\s*\{\s*"A"/)
  await signOut(page)
})

test('the agency sees the score on the shortlist and orders by it; the test is now frozen', async ({ page }) => {
  const [attempt] = await sql<{ scores: { TIU: number; TWK: number; total: number } }>(`SELECT scores FROM "ExamAttempt" WHERE "applicationId" = $1`, [`${openingId}-app`])
  const { TIU, TWK, total } = attempt!.scores
  await signIn(page, 'instansi.kemenkes@demo.test')
  await visit(page, `/instansi/magang/${openingId}`)
  const card = page.getByRole('region', { name: STUDENT })
  await expect(card).toContainText(`Nilai tes: TIU ${TIU}/100, TWK ${TWK}/50 · total ${total}/150`)
  await page.getByRole('link', { name: 'Urutkan menurut nilai tes' }).click()
  await expect(page).toHaveURL(/urut=tes/)
  await expect(page.getByRole('region', { name: STUDENT })).toContainText(`total ${total}/150`)
  await page.getByRole('link', { name: 'Atur tes singkat' }).click()
  await expect(page.getByText('1 peserta sudah memulai.', { exact: false })).toBeVisible()
  await expect(page.getByText('Tes sudah dikerjakan peserta; susunannya tidak dapat diubah lagi.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Simpan tes singkat' })).toHaveCount(0)
})
