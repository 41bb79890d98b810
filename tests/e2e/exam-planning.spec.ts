import crypto from 'node:crypto'
import { test, expect, signIn, signOut, visit, sql } from './fixtures'

/**
 * Issue 6's planning pages end to end (ADR 020): the national exam admin adds a test site with a
 * room and generates its sessions; an MS applicant picks the site on the dashboard flow; the
 * agency admin records an accommodation; the admin runs the allocation, reads the per-site report,
 * locks it and prepares the attempts; the candidate sees site, room, session time and the
 * accommodation with the exam card link; the proctor checks the candidate in and disqualifies
 * them (DIS) with a reason.
 *
 * The period and the MS applicant are created for this test (so the demo period's plan is left
 * alone); the applicant's password is the demo password. "Time passing" to the session's check-in
 * window is simulated by moving the session's start in the database, as exam.spec.ts does.
 */
test.describe.configure({ mode: 'serial' })
test.setTimeout(300_000)

const tag = crypto.randomBytes(3).toString('hex').toUpperCase()
const SITE = `E2E-${tag}`
const EMAIL = `calon-${tag.toLowerCase()}@uji.test`
const NAME = 'Wulan Sekarsari'
const REGISTRATION = `2026-RENCANA-${tag}`
// Tomorrow in WIB: the sessions lie in the future, as planning does.
const DAY = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10)
let periodId = ''

test.beforeAll(async () => {
  const [demo] = await sql<{ id: string; passwordHash: string }>(`SELECT id, "passwordHash" FROM "User" WHERE email = 'pelamar@demo.test'`)
  const [vacancy] = await sql<{ id: string }>(
    `SELECT v.id FROM "Vacancy" v JOIN "Position" p ON p.id = v."positionId" JOIN "Agency" a ON a.id = p."agencyId" WHERE a.code = 'KEMENKUM' LIMIT 1`,
  )
  periodId = `e2e-period-${tag}`
  await sql(`INSERT INTO "SelectionPeriod" (id, code, name, kind, year, status) VALUES ($1, $2, $3, 'CPNS', 2026, 'PUBLISHED')`, [periodId, `RENCANA-${tag}`, `Seleksi Rencana ${tag}`])
  const userId = `e2e-user-rencana-${tag}`
  await sql(`INSERT INTO "User" (id, email, name, "passwordHash", "emailVerifiedAt", "updatedAt") VALUES ($1, $2, $3, $4, now(), now())`, [userId, EMAIL, NAME, demo!.passwordHash])
  await sql(`INSERT INTO "UserRole" (id, "userId", role) VALUES ($1, $1, 'APPLICANT')`, [userId])
  await sql(
    `INSERT INTO "ApplicantIdentity" (id, "userId", "periodId", nik, kk, "fullName", "birthPlace", "birthDate", sex, phone, "nikFlags", "confirmedAt", "updatedAt")
     VALUES ($1, $1, $2, $3, '3171010101150003', $4, 'Jakarta', '1998-01-01', 'P', '+62812', '{}', now(), now())`,
    [userId, periodId, `3171${String(Date.now()).slice(-12)}`, NAME],
  )
  await sql(
    `INSERT INTO "Application" (id, "periodId", "userId", "vacancyId", "selectionKind", status, "registrationNumber", "updatedAt")
     VALUES ($1, $2, $3, $4, 'CPNS', 'VERIFIED_MS', $5, now())`,
    [`e2e-app-rencana-${tag}`, periodId, userId, vacancy!.id, REGISTRATION],
  )
})

test('admin plans sessions → applicant picks the site → accommodation → allocation job → cancelled session → card → proctor PIN re-issue and DIS', async ({ page, browser }) => {
  // 1. The national exam admin adds the site and a room, and generates the sessions.
  await signIn(page, 'nasional@demo.test')
  await visit(page, `/admin/ujian?periode=${periodId}&tes=SKD_2024`)
  await expect(page.getByRole('heading', { name: 'Perencanaan ujian CAT', level: 1 })).toBeVisible()
  await expect(page.getByTestId('candidates')).toHaveText('1')
  // The blueprints as data: SKD 2024 (TWK 30 / TIU 35 / TKP 45, 100 min) with NAB per formasi type, PPPK 2024.
  await page.getByRole('link', { name: 'Kisi-kisi ujian CAT' }).click()
  const skd = page.getByRole('region', { name: 'SKD CPNS 2024 (SKD_2024)' })
  await expect(skd.getByRole('row', { name: /^TWK 30/ })).toBeVisible()
  await expect(skd.getByRole('row', { name: /^TKP 45/ })).toContainText('225')
  await expect(skd.getByText('Durasi 100 menit · nilai maksimum 550')).toBeVisible()
  await expect(skd.getByRole('row', { name: /^Umum/ })).toContainText('TWK ≥ 65, TIU ≥ 80, TKP ≥ 166')
  await expect(page.getByRole('region', { name: /PPPK_2024/ }).getByText(/Tanpa nilai ambang batas/)).toBeVisible()
  await visit(page, `/admin/ujian?periode=${periodId}&tes=SKD_2024`)
  await page.getByLabel('Kode lokasi').fill(SITE)
  await page.getByLabel('Nama lokasi').fill(`Kantor Regional Rencana ${tag}`)
  await page.getByLabel('Kota').fill('Makassar')
  await page.getByLabel('Zona waktu').selectOption('Asia/Makassar')
  await page.getByRole('button', { name: 'Tambah lokasi' }).click()
  await expect(page.getByText('Titik lokasi ditambahkan.')).toBeVisible()
  await page.getByRole('link', { name: new RegExp(`${SITE} — `) }).click()
  await expect(page.getByRole('heading', { name: new RegExp(SITE), level: 1 })).toBeVisible()

  await page.getByLabel('Kode ruang').fill('R01')
  await page.getByLabel('Nama ruang').fill('Ruang Rencana')
  await page.getByLabel('Jumlah kursi').fill('2')
  await page.getByLabel('Surel pengawas (opsional)').fill('proktor@demo.test')
  await page.getByRole('button', { name: 'Tambah ruang', exact: true }).click()
  await expect(page.getByText('Ruang ditambahkan.')).toBeVisible()
  await expect(page.getByRole('cell', { name: 'proktor@demo.test' })).toBeVisible()

  // A bad time is refused with a clear message and nothing is created.
  await page.getByLabel('Tanggal mulai').fill(DAY)
  await page.getByLabel('Tanggal akhir').fill(DAY)
  await page.getByLabel('Jam sesi (Senin–Kamis, Sabtu, Minggu)').fill('07.30')
  await page.getByRole('button', { name: 'Buat sesi' }).click()
  await expect(page.getByText('Jam harus berformat JJ:MM, mis. 07:30.')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Sesi terjadwal (0)' })).toBeVisible()
  // The default 4-a-day / 2-on-Friday times.
  await page.getByLabel('Jam sesi (Senin–Kamis, Sabtu, Minggu)').fill('07:30, 10:00, 13:00, 15:30')
  await page.getByRole('button', { name: 'Buat sesi' }).click()
  const friday = new Date(`${DAY}T00:00:00Z`).getUTCDay() === 5
  const perDay = friday ? 2 : 4
  await expect(page.getByText(`${perDay} sesi dibuat; 0 sudah ada.`)).toBeVisible()
  await expect(page.getByRole('heading', { name: `Sesi terjadwal (${perDay})` })).toBeVisible()
  await expect(page.getByRole('cell', { name: `${SITE}-SKD-${DAY.replaceAll('-', '')}-1` })).toBeVisible()
  await signOut(page)

  // 2. The MS applicant picks the site from the dashboard.
  await signIn(page, EMAIL)
  await visit(page, '/dasbor')
  await page.getByRole('link', { name: 'Pilih titik lokasi tes' }).click()
  await page.getByLabel(new RegExp(`Kantor Regional Rencana ${tag}, Makassar`)).check()
  await page.getByRole('button', { name: 'Simpan pilihan lokasi' }).click()
  await expect(page.getByText('Pilihan titik lokasi tersimpan.')).toBeVisible()
  await expect(page.getByTestId('chosen-site')).toContainText(`Kantor Regional Rencana ${tag}, Makassar`)
  await signOut(page)

  // 3. The agency admin records an accommodation (+30 minutes) with reason and evidence.
  await signIn(page, 'instansi@demo.test')
  await visit(page, '/instansi/akomodasi')
  await page.getByLabel('Cari peserta').fill(REGISTRATION)
  await page.getByRole('button', { name: 'Cari' }).click()
  await page.getByRole('link', { name: REGISTRATION }).click()
  await page.getByLabel('Tambahan waktu (menit)').fill('30')
  await page.getByLabel('Alasan').fill('Disabilitas netra')
  await page.getByLabel('Bukti').fill('Surat keterangan RSUD Makassar no. 77/2026')
  await page.getByRole('button', { name: 'Simpan akomodasi' }).click()
  await expect(page.getByText(/Akomodasi tersimpan/)).toBeVisible()
  await signOut(page)

  // 4. The admin runs the allocation as a background job and follows its progress bar to the
  // result (the page reloads itself while the job runs), then reads the report.
  await signIn(page, 'nasional@demo.test')
  await visit(page, `/admin/ujian?periode=${periodId}&tes=SKD_2024`)
  await page.getByRole('button', { name: 'Jalankan alokasi' }).click()
  const jobs = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Kemajuan' }) })
  const allocationJob = jobs.getByRole('row', { name: /Alokasi peserta/ }).first()
  await expect(allocationJob).toContainText('Selesai', { timeout: 60_000 })
  await expect(allocationJob.getByRole('progressbar', { name: 'Kemajuan: 100% (selesai)' })).toHaveAttribute('value', '100')
  await expect(allocationJob).toContainText('Alokasi selesai: 1 peserta ditempatkan, 0 belum tertampung (0 kursi alokasi sebelumnya diganti).')
  const report = page.getByRole('table', { name: 'Laporan alokasi per titik lokasi' })
  await expect(report.getByRole('row', { name: new RegExp(SITE) })).toContainText(`${SITE} — Kantor Regional Rencana ${tag}`)

  // 4b. The first session is cancelled with a reason (the building is needed): its candidate
  // loses the seat, is told by e-mail, and the next run seats them in the 10:00 session.
  const firstSession = `${SITE}-SKD-${DAY.replaceAll('-', '')}-1`
  await page.getByRole('link', { name: new RegExp(`${SITE} — `) }).click()
  const sessionRow = page.getByRole('row', { name: new RegExp(firstSession) })
  await expect(sessionRow).toContainText('Terjadwal')
  await sessionRow.getByText(`Perubahan ${firstSession}`).click()
  await sessionRow.getByLabel(`Alasan pembatalan ${firstSession}`).fill('Gedung dipakai untuk kegiatan pemerintah daerah')
  await sessionRow.getByRole('button', { name: 'Batalkan sesi' }).click()
  await expect(page.getByText('Sesi dibatalkan; 1 peserta dilepas dari sesi ini dan diberi tahu lewat surel.', { exact: false })).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(firstSession) })).toContainText('Dibatalkan: Gedung dipakai untuk kegiatan pemerintah daerah')
  const [mail] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "EmailLog" WHERE template = 'exam-schedule-change' AND "to" = $1`, [EMAIL])
  expect(mail?.n).toBe(1)
  await page.getByRole('link', { name: 'Kembali ke perencanaan' }).click()
  await page.getByRole('button', { name: 'Jalankan alokasi' }).click()
  await expect(jobs.getByRole('row', { name: /Alokasi peserta/ }).first()).toContainText('Alokasi selesai: 1 peserta ditempatkan', { timeout: 60_000 })

  // 4c. Lock, then prepare the attempts, also as a job.
  await page.getByRole('button', { name: 'Kunci alokasi' }).click()
  await expect(page.getByText('Alokasi dikunci.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Jalankan alokasi' })).toBeDisabled()
  await page.getByRole('button', { name: 'Siapkan soal peserta' }).click()
  const prepareJob = jobs.getByRole('row', { name: /Penyiapan soal/ }).first()
  await expect(prepareJob).toContainText('Soal disiapkan untuk 1 peserta.', { timeout: 60_000 })
  await expect(prepareJob.getByRole('progressbar')).toHaveAttribute('value', '100')
  await signOut(page)

  // 5. The candidate sees site, room, session time, accommodation and the exam card link.
  await signIn(page, EMAIL)
  await visit(page, '/dasbor')
  const seat = page.getByTestId('exam-seat')
  await expect(seat).toContainText(`Kantor Regional Rencana ${tag}, Makassar`)
  await expect(seat).toContainText('Ruang Rencana / kursi 1')
  await expect(seat).toContainText('10.00')
  await expect(seat).toContainText('130 menit')
  await expect(page.getByTestId('exam-accommodation')).toHaveText('Akomodasi: tambahan waktu 30 menit (Disabilitas netra).')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh Kartu Peserta Ujian (PDF)' }).click()])
  expect(download.suggestedFilename()).toMatch(new RegExp(`^kartu-peserta-ujian-${SITE}-SKD-.*-R01-001\\.pdf$`))
  await signOut(page)

  // 6. Check-in time: the proctor checks the candidate in and disqualifies them with a reason.
  const [attempt] = await sql<{ id: string; participantNumber: string; sessionId: string; roomId: string }>(
    `SELECT a.id, a."participantNumber", a."sessionId", a."roomId" FROM "ExamAttempt" a JOIN "Application" ap ON ap.id = a."applicationId" WHERE ap."registrationNumber" = $1`,
    [REGISTRATION],
  )
  await sql(`UPDATE "ExamSession" SET "startsAt" = now() + interval '30 minutes' WHERE id = $1`, [attempt!.sessionId])
  await signIn(page, 'proktor@demo.test')
  await visit(page, `/proktor/ruang/${attempt!.roomId}?sesi=${attempt!.sessionId}`)
  await page.getByLabel('Pindai QR kartu peserta atau ketik nomor peserta').fill(attempt!.participantNumber)
  await page.getByRole('button', { name: 'Terbitkan PIN' }).click()
  await expect(page.getByTestId('pin')).toHaveText(/^\d{6}$/)
  const firstPin = (await page.getByTestId('pin').textContent())!.trim()
  const row = page.getByRole('row', { name: new RegExp(attempt!.participantNumber) })
  await expect(row).toContainText('Sudah registrasi')

  // 6b. The candidate forgot the PIN: the proctor re-issues it; the old one stops working and the
  // candidate signs in with the new one (in another browser, as at the exam PC).
  await row.getByRole('button', { name: `Terbitkan ulang PIN ${attempt!.participantNumber}` }).click()
  await expect(page.getByText(`PIN baru untuk ${NAME} (${attempt!.participantNumber}). PIN lama tidak berlaku lagi.`)).toBeVisible()
  const newPin = (await page.getByTestId('pin').textContent())!.trim()
  expect(newPin).toMatch(/^\d{6}$/)
  const examPc = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta' })
  const candidate = await examPc.newPage()
  await visit(candidate, '/ujian')
  await candidate.getByLabel(/Nomor peserta/).fill(attempt!.participantNumber)
  await candidate.getByLabel(/PIN registrasi/).fill(firstPin === newPin ? '000000' : firstPin)
  await candidate.getByRole('button', { name: 'Masuk ujian' }).click()
  await expect(candidate.getByText('Nomor peserta atau PIN salah.')).toBeVisible()
  await candidate.getByLabel(/PIN registrasi/).fill(newPin)
  await candidate.getByRole('button', { name: 'Masuk ujian' }).click()
  await expect(candidate).toHaveURL(/\/ujian\/tes$/)
  await expect(candidate.getByRole('heading', { name: 'Pakta integritas' })).toBeVisible()
  await examPc.close()
  const [reissue] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'exam.attempt.pinReissue' AND "entityId" = $1`, [attempt!.id])
  expect(reissue?.n).toBe(1)
  await row.getByText(`Diskualifikasi ${attempt!.participantNumber}`).click()
  // The reason is mandatory: too short is refused by the server too.
  await row.getByLabel(`Alasan diskualifikasi untuk ${attempt!.participantNumber}`).fill('Membawa telepon genggam dan catatan ke ruang ujian')
  await row.getByRole('button', { name: 'Diskualifikasi peserta' }).click()
  await expect(page.getByText('Peserta didiskualifikasi (DIS).')).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(attempt!.participantNumber) })).toContainText('Diskualifikasi (DIS)')
  await expect(page.getByRole('row', { name: new RegExp(attempt!.participantNumber) })).toContainText('Membawa telepon genggam dan catatan ke ruang ujian')
  const [result] = await sql<{ attendance: string }>(`SELECT attendance::text FROM "TestResult" WHERE "attemptId" = $1`, [attempt!.id])
  expect(result?.attendance).toBe('DISQUALIFIED')
  const [audit] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditLog" WHERE action = 'exam.attempt.disqualify' AND "entityId" = $1`, [attempt!.id])
  expect(audit?.n).toBe(1)
})

test('without JavaScript the planning page refuses a second run and follows a running job by reloading itself', async ({ page, browser }) => {
  await signIn(page, 'nasional@demo.test')
  // A job in the middle of its run (as the worker leaves it between two progress steps), in the
  // period's PPPK plan, which is not locked.
  const jobId = `e2e-job-${tag}`
  await sql(
    `INSERT INTO "ExamPlanJob" (id, "periodId", "blueprintCode", kind, status, progress, "progressStep", "startedAt", "heartbeatAt")
     VALUES ($1, $2, 'PPPK_2024', 'ALLOCATE', 'RUNNING', 40, 'write', now(), now())`,
    [jobId, periodId],
  )
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState(), locale: 'id-ID' })
  try {
    const plain = await noScript.newPage()
    const url = `/admin/ujian?periode=${periodId}&tes=PPPK_2024`
    await plain.goto(url)
    const row = plain.getByRole('row', { name: /Alokasi peserta/ }).first()
    await expect(row).toContainText('Berjalan')
    await expect(row.getByRole('progressbar', { name: 'Kemajuan: 40% (menyimpan kursi)' })).toHaveAttribute('value', '40')
    // A second run is refused while this one runs, with a sentence saying why; nothing is queued.
    await plain.getByRole('button', { name: 'Jalankan alokasi' }).click()
    await expect(plain.getByText('Alokasi atau penyiapan soal untuk periode dan tes ini sedang berjalan. Tunggu sampai selesai, lalu coba lagi.')).toBeVisible()
    const [jobs] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "ExamPlanJob" WHERE "periodId" = $1 AND "blueprintCode" = 'PPPK_2024'`, [periodId])
    expect(jobs?.n).toBe(1)
    await plain.goto(url)
    await sql(`UPDATE "ExamPlanJob" SET status = 'DONE', progress = 100, "progressStep" = 'done', result = '{"placed": 0, "unplaced": 0, "replaced": 0}', "finishedAt" = now() WHERE id = $1`, [jobId])
    // No click, no script: the page reloads itself and shows the finished job.
    await expect(plain.getByRole('row', { name: /Alokasi peserta/ }).first()).toContainText('Selesai', { timeout: 20_000 })
    await expect(plain.getByRole('row', { name: /Alokasi peserta/ }).first()).toContainText('Alokasi selesai: 0 peserta ditempatkan')
  } finally {
    await noScript.close()
    await sql(`UPDATE "ExamPlanJob" SET status = 'FAILED', error = 'e2e' WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`, [jobId])
  }
})
