import type { Page } from '@playwright/test'
import { test, expect, signIn, signOut, visit } from './fixtures'

/**
 * Issue 7, independent assessors, on the demo batch (Kementerian Hukum, "Analis Hukum Ahli
 * Pertama", psychological test): asesor@demo.test (UGM) has not declared yet; the two other demo
 * assessors have. The tests run in order on that one batch.
 */
test.describe.configure({ mode: 'serial' })

const BATCH = 'Analis Hukum Ahli Pertama — PSIKOTES'
const CODE = /^PSI-[A-Z0-9]{6}$/
const CANDIDATE_NAMES = ['Ayu Lestari', 'Bima Prasetyo', 'Citra Wulandari', 'Dimas Saputra', 'Eka Rahmawati', 'Fajar Nugroho']
const JUSTIFICATION = 'Jawaban dan perilaku peserta konsisten dengan deskripsi level ini.'

let batchPath = ''
let allCodes: string[] = []
let myCodes: string[] = []

async function openPanelBatch(page: Page) {
  await visit(page, '/instansi/asesmen')
  await page.getByRole('link', { name: /^Psikotes — \d+ peserta$/ }).click()
  await expect(page.getByRole('heading', { name: BATCH, level: 1 })).toBeVisible()
  return page.getByRole('table', { name: 'Peserta' })
}

async function scoreAll(page: Page, score: string) {
  const scores = page.getByRole('spinbutton')
  const count = await scores.count()
  expect(count).toBeGreaterThan(0)
  for (let i = 0; i < count; i++) await scores.nth(i).fill(score)
  const reasons = page.getByLabel(/^Alasan nilai /)
  for (let i = 0; i < count; i++) await reasons.nth(i).fill(JUSTIFICATION)
  await page.getByRole('button', { name: 'Kirim penilaian (final)' }).click()
  await expect(page.getByText('Penilaian terkirim dan terkunci.')).toBeVisible()
}

test('the panel sees the batch with random codes and names; the assessor who has not declared sees nothing', async ({ page }) => {
  await signIn(page, 'instansi@demo.test')
  const table = await openPanelBatch(page)
  batchPath = new URL(page.url()).pathname
  allCodes = (await table.locator('tbody th[scope="row"]').allInnerTexts()).map((c) => c.trim())
  expect(allCodes.length).toBe(6)
  for (const code of allCodes) expect(code).toMatch(CODE)
  await expect(page.getByRole('table', { name: 'Panel asesor' }).getByRole('row').filter({ hasText: 'Asesor Independen UGM (Demo)' })).toContainText('Belum mengisi')
  await signOut(page)

  await signIn(page, 'asesor@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tugas asesor' }).click()
  await page.getByRole('link', { name: BATCH }).click()
  await expect(page.getByRole('heading', { name: 'Pernyataan independensi dan benturan kepentingan' })).toBeVisible()
  await expect(page.getByText('Anda belum dapat melihat peserta sebelum mengisi pernyataan ini.', { exact: false })).toBeVisible()
  const body = await page.locator('main').innerText()
  expect(body).not.toMatch(/PSI-[A-Z0-9]{6}/)
  for (const name of CANDIDATE_NAMES) expect(body).not.toContain(name)
  // Not by URL either: a candidate's page is a 404 before the declaration.
  const response = await page.goto(`${page.url().replace(/\?.*$/, '')}/${allCodes[0]}`)
  expect(response?.status()).toBe(404)
})

test('after declaring, the assessor sees candidate codes only, and never a conflicted candidate', async ({ page }) => {
  await signIn(page, 'asesor@demo.test')
  const assessorBatch = batchPath.replace('/instansi/asesmen/', '/asesor/')
  await visit(page, assessorBatch)
  await page.getByLabel('Nomor Kartu Keluarga (KK) Anda').fill('3404010101800001')
  await page.getByLabel('Tempat kerja dalam 4 tahun terakhir').fill('Universitas Gadjah Mada')
  // The assessor teaches law at UGM: the demo candidate who studied law at UGM is a conflict.
  await page.getByLabel('Perguruan tinggi dan program studi tempat Anda mengajar atau belajar').fill('Universitas Gadjah Mada | S1-HUK | 2026')
  await page.getByRole('checkbox', { name: /Saya menyatakan/ }).check()
  await page.getByRole('button', { name: 'Kirim pernyataan' }).click()
  await expect(page.getByText('Pernyataan tersimpan.', { exact: false })).toBeVisible()

  const tasks = page.getByRole('table', { name: 'Peserta yang ditugaskan kepada Anda' })
  await expect(tasks).toBeVisible()
  myCodes = (await tasks.getByRole('link').allInnerTexts()).map((c) => c.trim())
  expect(myCodes.length).toBeGreaterThan(0)
  for (const code of myCodes) {
    expect(code).toMatch(CODE)
    expect(allCodes).toContain(code)
  }
  const body = await page.locator('main').innerText()
  for (const name of CANDIDATE_NAMES) expect(body).not.toContain(name)
  await signOut(page)

  // The panel shows the conflict it found, and that candidate is not assigned to this assessor.
  await signIn(page, 'instansi@demo.test')
  await visit(page, batchPath)
  const conflicted = page.getByRole('row').filter({ hasText: 'Ayu Lestari' })
  await expect(conflicted).toContainText('Asesor Independen UGM (Demo) (PT dan prodi sama (4 tahun terakhir))')
  const conflictedCode = (await conflicted.locator('th[scope="row"]').innerText()).trim()
  expect(myCodes).not.toContain(conflictedCode)
})

test('an assessor cannot open a candidate assigned to someone else', async ({ page }) => {
  const unassigned = allCodes.find((c) => !myCodes.includes(c))!
  expect(unassigned).toBeTruthy()
  await signIn(page, 'asesor@demo.test')
  const response = await page.goto(`${batchPath.replace('/instansi/asesmen/', '/asesor/')}/${unassigned}`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible()
})

test('the assessor submits with a justification per score, and the submission is locked', async ({ page }) => {
  await signIn(page, 'asesor@demo.test')
  const url = `${batchPath.replace('/instansi/asesmen/', '/asesor/')}/${myCodes[0]}`
  await visit(page, url)
  await expect(page.getByRole('heading', { name: `Penilaian peserta ${myCodes[0]}` })).toBeVisible()

  // A score without a justification is refused, and nothing is saved.
  await page.getByRole('spinbutton').first().fill('90')
  await page.getByRole('button', { name: 'Kirim penilaian (final)' }).click()
  await expect(page.getByText('Tulis alasan penilaian minimal 20 karakter.').first()).toBeVisible()

  await scoreAll(page, '90')
  await expect(page.getByRole('spinbutton')).toHaveCount(0)
  await expect(page.getByRole('table', { name: 'Penilaian Anda' })).toContainText(JUSTIFICATION)

  // Posting again (as a stale tab would) is refused by the server.
  const status = await page.evaluate(async () => {
    const form = new FormData()
    form.set('score_integritas', '10')
    const res = await fetch(window.location.pathname, { method: 'POST', body: form })
    return res.status
  })
  expect([400, 409]).toContain(status)
  await visit(page, url)
  await expect(page.getByRole('table', { name: 'Penilaian Anda' })).toContainText('90')
})

test('a gap over the threshold creates a blind adjudication task for a third assessor', async ({ page }) => {
  const code = myCodes[0]!
  await signIn(page, 'instansi@demo.test')
  await visit(page, batchPath)
  const row = page.getByRole('row').filter({ has: page.locator('th', { hasText: code }) })
  const rowText = await row.innerText()
  const other = /Asesor Independen UI \(Demo\) \(Penilai\)/.test(rowText) ? 'asesor2@demo.test' : 'asesor3@demo.test'
  const third = other === 'asesor2@demo.test' ? 'Asesor Independen UNCEN (Demo)' : 'Asesor Independen UI (Demo)'
  await signOut(page)

  await signIn(page, other)
  await visit(page, `${batchPath.replace('/instansi/asesmen/', '/asesor/')}/${code}`)
  await scoreAll(page, '50')
  await signOut(page)

  await signIn(page, 'instansi@demo.test')
  await visit(page, batchPath)
  const adjudications = page.getByRole('region', { name: 'Tugas adjudikasi' })
  await expect(adjudications).toContainText(`${code}: penilai ketiga ${third}`)
  await signOut(page)

  await signIn(page, third === 'Asesor Independen UI (Demo)' ? 'asesor2@demo.test' : 'asesor3@demo.test')
  await visit(page, batchPath.replace('/instansi/asesmen/', '/asesor/'))
  await expect(page.getByRole('row').filter({ hasText: code })).toContainText('Adjudikator (penilai ketiga)')
  await page.getByRole('link', { name: code }).click()
  await expect(page.getByText('Nilai mereka tidak ditampilkan.', { exact: false })).toBeVisible()
  const body = await page.locator('main').innerText()
  expect(body).not.toMatch(/\b(90|50)\b/)
})

test('a weight configuration that breaks the rules is refused with the rule named', async ({ page }) => {
  await signIn(page, 'instansi@demo.test')
  await visit(page, '/instansi/asesmen')
  await page.getByRole('link', { name: 'Atur tes tambahan Analis Hukum Ahli Pertama (PPU-AHLI-PERTAMA)' }).click()
  await page.getByRole('group', { name: 'Wawancara' }).getByLabel('Bobot (%)').fill('20')
  await page.getByLabel(/^Bobot CAT/).fill('40')
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click()
  const refused = page.getByRole('alert').filter({ hasText: 'Pengaturan ditolak' })
  await expect(refused).toContainText('Bobot CAT minimal 50 % (sekarang 40 %).')
  await expect(refused).toContainText('Bobot wawancara paling tinggi 10 % (sekarang 20 %).')
  await visit(page, page.url())
  await expect(page.getByLabel(/^Bobot CAT/)).toHaveValue('50')
})

test('the candidate sees the interview schedule on the dashboard', async ({ page }) => {
  await signIn(page, 'peserta2@demo.test')
  const schedule = page.getByRole('region', { name: 'Jadwal tes tambahan' })
  await expect(schedule).toContainText('Wawancara')
  await expect(schedule).toContainText('Ruang Wawancara 2, Kanwil DKI Jakarta')
})
