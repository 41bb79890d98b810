import { test, expect, signIn, signOut, sql, visit } from './fixtures'

/**
 * ADR 019 addendum in the browser. The agency (instansi.kemenkes@demo.test) sets up the interview
 * of a new opening on the assessor scoring; its two interviewers — an independent assessor
 * (asesor.magang@demo.test) and the agency's own mentor (mentor@demo.test) — declare, then score
 * the student by code only; the shortlist shows the final score. The mentor sees how attendance
 * counts before evaluating, and an evaluation before the last month needs an early-completion reason.
 */
test.describe.configure({ mode: 'serial' })

const TITLE = `Magang Wawancara ${Date.now()}`
const STUDENT = 'Andi Saputra (Demo)'
const JUSTIFICATION = 'Jawaban dan contoh yang diberikan sesuai deskripsi level ini.'
let openingId = ''
let assessorBatchPath = ''

test('the agency sets up an interview; the shortlisted student becomes a candidate known by code', async ({ page }) => {
  // A new opening with one campus-verified application (the demo student of UGM).
  openingId = `e2e-wawancara-${Date.now()}`
  await sql(
    `INSERT INTO "InternshipOpening" (id, "agencyId", title, unit, description, places, "durationMonths", mode, "stipendMonthly", "studyProgramCodes", "closesAt", "startsAt")
     SELECT $1, id, $2, 'Pusat Data dan Teknologi Informasi', 'Analisis data layanan kesehatan.', 2, 4, 'HYBRID', 2800000, '{}', now() + interval '20 days', now() + interval '30 days' FROM "Agency" WHERE code = 'KEMENKES'`,
    [openingId, TITLE],
  )
  await sql(
    `INSERT INTO "InternshipApplication" (id, "openingId", "studentId", "universityId", "studyProgramCode", level, semester, gpa, motivation, status, "campusReviewedAt", "updatedAt")
     SELECT $1 || '-app', $1, sp."userId", sp."universityId", sp."studyProgramCode", sp.level, sp.semester, sp.gpa, 'Saya ingin belajar analisis data kesehatan.', 'CAMPUS_VERIFIED', now(), now()
     FROM "StudentProfile" sp JOIN "User" u ON u.id = sp."userId" WHERE u.email = 'mahasiswa3@demo.test'`,
    [openingId],
  )

  await signIn(page, 'instansi.kemenkes@demo.test')
  await visit(page, `/instansi/magang/${openingId}`)
  const card = page.getByRole('region', { name: STUDENT })
  await card.getByRole('button', { name: `Masukkan daftar pendek: ${STUDENT}` }).click()
  await expect(card).toContainText('Masuk daftar pendek')

  await page.getByRole('link', { name: 'Wawancara (penilaian asesor)' }).click()
  await expect(page.getByRole('heading', { name: `Wawancara magang: ${TITLE}`, level: 1 })).toBeVisible()
  await expect(page.getByText('1 mahasiswa di daftar pendek akan menjadi kandidat')).toBeVisible()
  // Choosing fewer interviewers than each candidate needs is refused with the rule named.
  await page.getByLabel('Pewawancara Magang UNCEN (Demo)', { exact: false }).check()
  await page.getByRole('button', { name: 'Atur wawancara' }).click()
  await expect(page.getByText('Pilih pewawancara minimal sebanyak jumlah pewawancara per kandidat.')).toBeVisible()
  await page.getByLabel('Pewawancara Magang UNCEN (Demo)', { exact: false }).check()
  await page.getByLabel('Mentor Magang Kemenkes (Demo) (mentor instansi)').check()
  await expect(page.getByLabel('Pewawancara per kandidat')).toHaveValue('2')
  await page.getByRole('button', { name: 'Atur wawancara' }).click()
  await expect(page.getByText('Wawancara diatur.')).toBeVisible()
  await expect(page.getByText('1 kandidat · 0/2 pewawancara sudah menyatakan konflik kepentingan')).toBeVisible()
  const panelHref = await page.getByRole('link', { name: /^Buka panel wawancara/ }).getAttribute('href')
  expect(panelHref).toMatch(/^\/instansi\/asesmen\/\w+$/)
  assessorBatchPath = panelHref!.replace('/instansi/asesmen/', '/asesor/')

  // The panel page (ADR 016) shows the candidate's name and code to the agency only.
  await page.getByRole('link', { name: /^Buka panel wawancara/ }).click()
  const candidates = page.getByRole('table', { name: 'Peserta' })
  await expect(candidates).toContainText(STUDENT)
  await expect(candidates.locator('tbody th[scope="row"]')).toHaveText([/^WAW-[A-Z0-9]{6}$/])
})

test('the interviewers declare, then score the student by code without ever seeing the name', async ({ page }) => {
  for (const email of ['asesor.magang@demo.test', 'mentor@demo.test']) {
    await signIn(page, email)
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tugas asesor' }).click()
    await page.getByRole('link', { name: `${TITLE} — Wawancara magang` }).click()
    await expect(page.getByRole('heading', { name: 'Pernyataan independensi dan benturan kepentingan' })).toBeVisible()
    await page.getByRole('checkbox', { name: /Saya menyatakan/ }).check()
    await page.getByRole('button', { name: 'Kirim pernyataan' }).click()
    await expect(page.getByText('Pernyataan tersimpan.', { exact: false })).toBeVisible()
    await signOut(page)
  }

  for (const [email, score] of [['asesor.magang@demo.test', '85'], ['mentor@demo.test', '80']] as const) {
    await signIn(page, email)
    await visit(page, assessorBatchPath)
    const tasks = page.getByRole('table', { name: 'Peserta yang ditugaskan kepada Anda' })
    const code = (await tasks.getByRole('link').innerText()).trim()
    expect(code).toMatch(/^WAW-[A-Z0-9]{6}$/)
    await tasks.getByRole('link', { name: code }).click()
    await expect(page.getByRole('heading', { name: `Penilaian peserta ${code}` })).toBeVisible()
    const main = await page.locator('main').innerText()
    expect(main).not.toContain('Andi Saputra')
    expect(main).toContain('Motivasi dan kesesuaian minat')
    const scores = page.getByRole('spinbutton')
    await expect(scores).toHaveCount(4)
    for (let i = 0; i < 4; i++) await scores.nth(i).fill(score)
    const reasons = page.getByLabel(/^Alasan nilai /)
    for (let i = 0; i < 4; i++) await reasons.nth(i).fill(JUSTIFICATION)
    await page.getByRole('button', { name: 'Kirim penilaian (final)' }).click()
    await expect(page.getByText('Penilaian terkirim dan terkunci.')).toBeVisible()
    await expect(page.getByRole('spinbutton')).toHaveCount(0)
    await signOut(page)
  }
})

test('the shortlist shows the interview’s final score', async ({ page }) => {
  await signIn(page, 'instansi.kemenkes@demo.test')
  await visit(page, `/instansi/magang/${openingId}`)
  // Within the 15-point gap: the mean of the two interviewers (85 and 80).
  await expect(page.getByRole('region', { name: STUDENT })).toContainText('Wawancara: 82.50')
})

test('the mentor sees how attendance counts before evaluating; an early evaluation needs a reason', async ({ page }) => {
  await signIn(page, 'mentor@demo.test')
  await visit(page, '/mentor')
  await page.getByRole('link', { name: 'Buka bimbingan Rina Mahasiswi (Demo)' }).click()
  const effect = page.getByRole('region', { name: 'Pengaruh kehadiran pada evaluasi' })
  await expect(effect).toContainText('Kehadiran belum dicatat')

  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
  for (const [day, state] of [[today, 'Hadir'], [yesterday, 'Tanpa keterangan']] as const) {
    await page.getByRole('textbox', { name: 'Tanggal', exact: true }).fill(day)
    await page.getByRole('combobox', { name: 'Kehadiran', exact: true }).selectOption({ label: state })
    await page.getByRole('button', { name: 'Catat kehadiran' }).click()
    await expect(page.getByText('Kehadiran dicatat.')).toBeVisible()
  }
  await expect(effect).toContainText('Tingkat kehadiran 50%: nilai "Disiplin dan etika kerja" dibatasi paling tinggi 50.')
  await expect(effect).toContainText('Kehadiran di bawah 80%: mahasiswa tidak mendapat sertifikat magang')

  // The demo internship started a month ago (4 months): the evaluation is not open yet.
  await expect(page.getByText('Sebelum tanggal itu evaluasi hanya dapat disimpan sebagai penyelesaian lebih awal dengan alasan')).toBeVisible()
  for (const label of ['Disiplin dan etika kerja', 'Kompetensi teknis bidang', 'Komunikasi', 'Kerja sama tim', 'Inisiatif dan pemecahan masalah', 'Pelaporan dan dokumentasi']) {
    await page.getByLabel(new RegExp(`^${label} \\(Bobot`)).fill('85')
  }
  await page.getByRole('button', { name: 'Simpan evaluasi akhir' }).click()
  await expect(page.getByText('Evaluasi akhir baru dibuka pada bulan terakhir magang; sebelumnya isi alasan penyelesaian lebih awal.')).toBeVisible()
  await page.getByLabel('Alasan penyelesaian lebih awal (minimal 20 karakter)').fill('Pulang')
  await page.getByRole('button', { name: 'Simpan evaluasi akhir' }).click()
  await expect(page.getByText('Tuliskan alasan penyelesaian lebih awal (minimal 20 karakter).')).toBeVisible()
  await expect(page.getByText('Sedang magang').first()).toBeVisible()
  expect((await sql(`SELECT p.status FROM "InternshipPlacement" p JOIN "User" u ON u.id = p."studentId" WHERE u.email = 'mahasiswa@demo.test'`))[0]).toEqual({ status: 'ACTIVE' })
})
