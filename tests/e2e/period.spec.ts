import type { Page } from '@playwright/test'
import { test, expect, signIn, signOut, visit, waitForMail, linkFrom } from './fixtures'

// Whole journeys with an axe scan per page: on a slow, busy CI machine they need more than a minute.
test.setTimeout(120_000)

/**
 * Issue 10 "Done when": the national admin creates a period and its schedule in WIB, extends a
 * window with a reason that applicants are told about, and anyone reads the timeline in WIB, WITA
 * and WIT. Every test creates its own period (unique code), so parallel workers never share one.
 */

function uniqueCode(label: string) {
  return `UJI-${label}-${Date.now()}-${Math.floor(Math.random() * 1e4)}`
}

async function createPeriodAsNationalAdmin(page: Page, code: string, name: string) {
  await signIn(page, 'nasional@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Periode seleksi' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Periode seleksi' })).toBeVisible()
  const form = page.getByRole('region', { name: 'Buat periode baru' })
  await form.getByLabel('Kode periode').fill(code.toLowerCase())
  await form.getByLabel('Nama periode').fill(name)
  await form.getByLabel('Jenis seleksi').selectOption({ label: 'CPNS' })
  await form.getByRole('spinbutton', { name: 'Tahun', exact: true }).fill('2031')
  await form.getByRole('button', { name: 'Buat periode' }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  // The code is stored in capitals whatever was typed.
  await expect(page).toHaveURL(new RegExp(`/admin/periode/${code}$`))
}

test('the national admin creates a period, schedules registration in WIB, extends it with a reason; applicants are told and the public timeline shows WIB, WITA and WIT', async ({ page }) => {
  const code = uniqueCode('JADWAL')
  const name = `Seleksi CPNS 2031 Uji ${code}`
  const reason = `Gangguan layanan e-meterai (${code})`
  await createPeriodAsNationalAdmin(page, code, name)

  const registration = page.getByRole('region', { name: 'Pendaftaran', exact: true })
  await expect(registration).toContainText('Belum dijadwalkan')
  // A close before the opening is refused before anything is saved.
  await registration.getByLabel('Tanggal buka (WIB)').fill('2031-03-01')
  await registration.getByLabel('Jam buka (WIB)').fill('08:00')
  await registration.getByLabel('Tanggal tutup (WIB)').fill('2031-02-20')
  await registration.getByLabel('Jam tutup (WIB)').fill('23:59')
  await registration.getByRole('button', { name: 'Simpan jadwal Pendaftaran' }).click()
  await expect(registration.getByText('Waktu tutup harus sesudah waktu buka.')).toBeVisible()

  await registration.getByLabel('Tanggal tutup (WIB)').fill('2031-03-20')
  await registration.getByRole('button', { name: 'Simpan jadwal Pendaftaran' }).click()
  await expect(registration.getByText('Jadwal Pendaftaran disimpan.')).toBeVisible()

  const schedule = page.getByRole('region', { name: 'Jadwal tahapan' })
  const row = schedule.getByRole('row', { name: /^Pendaftaran/ })
  await expect(row).toContainText(/1 Mar 2031,? 08[.:]00 WIB/)
  await expect(row).toContainText(/20 Mar 2031,? 23[.:]59 WIB/)
  await expect(row).toContainText('Akan datang')

  // Verification may not open before registration (domain.md §2).
  const verification = page.getByRole('region', { name: 'Verifikasi administrasi', exact: true })
  await verification.getByLabel('Tanggal buka (WIB)').fill('2031-02-28')
  await verification.getByLabel('Jam buka (WIB)').fill('08:00')
  await verification.getByLabel('Tanggal tutup (WIB)').fill('2031-03-25')
  await verification.getByLabel('Jam tutup (WIB)').fill('23:59')
  await verification.getByRole('button', { name: 'Simpan jadwal Verifikasi administrasi' }).click()
  await expect(verification.getByText('Tahapan ini tidak boleh dibuka sebelum tahapan Pendaftaran dibuka.')).toBeVisible()
  await expect(schedule.getByRole('row', { name: /^Verifikasi administrasi/ })).toContainText('Belum dijadwalkan')

  // Extension: a reason is required, then the new close and the history show.
  await registration.getByLabel('Tanggal tutup baru (WIB)').fill('2031-03-24')
  await registration.getByLabel('Jam tutup baru (WIB)').fill('23:59')
  await registration.getByLabel('Alasan perpanjangan').fill('diundur')
  await registration.getByRole('button', { name: 'Perpanjang Pendaftaran' }).click()
  await expect(registration.getByText('Alasan minimal 10 karakter.')).toBeVisible()
  await registration.getByLabel('Alasan perpanjangan').fill(reason)
  await registration.getByRole('button', { name: 'Perpanjang Pendaftaran' }).click()
  await expect(registration.getByText(/Pendaftaran diperpanjang hingga 24 Mar 2031,? 23[.:]59 WIB/)).toBeVisible()
  const history = registration.getByRole('list')
  await expect(history).toContainText(new RegExp(`Dari 20 Mar 2031,? 23[.:]59 WIB menjadi 24 Mar 2031,? 23[.:]59 WIB, karena: ${escape(reason)}`))
  await expect(history).toContainText('Admin Panselnas (Demo)')
  await expect(row).toContainText(/24 Mar 2031,? 23[.:]59 WIB/)
  await expect(row).toContainText('diperpanjang 1 kali')
  await signOut(page)

  // The demo applicant is told by e-mail, with a link to the public timeline.
  const mail = await waitForMail('pelamar@demo.test', /jadwal Pendaftaran/)
  expect(mail).toContain(reason)
  const link = linkFrom(mail, `/jadwal/${code}`)

  // The public timeline, not signed in: every time in WIB, WITA and WIT, with the extension noted.
  await visit(page, link)
  await expect(page.getByRole('heading', { level: 1, name: `Jadwal ${name}` })).toBeVisible()
  const publicRow = page.getByRole('row', { name: /^Pendaftaran/ })
  await expect(publicRow).toContainText(/1 Mar 2031,? 08[.:]00 WIB/)
  await expect(publicRow).toContainText(/1 Mar 2031,? 09[.:]00 WITA/)
  await expect(publicRow).toContainText(/1 Mar 2031,? 10[.:]00 WIT(?!A)/)
  await expect(publicRow).toContainText(/24 Mar 2031,? 23[.:]59 WIB/)
  await expect(publicRow).toContainText(/25 Mar 2031,? 00[.:]59 WITA/)
  await expect(publicRow).toContainText(/25 Mar 2031,? 01[.:]59 WIT(?!A)/)
  await expect(publicRow).toContainText('Akan datang')
  await expect(publicRow).toContainText(new RegExp(`Diperpanjang dari 20 Mar 2031,? 23[.:]59 WIB karena ${escape(reason)}`))
  await expect(page.getByRole('row', { name: /^Seleksi Kompetensi Dasar/ })).toContainText('Belum dijadwalkan')
})

test('the rules editor refuses integration weights that do not add up to 100 and saves a valid change as a new version', async ({ page }) => {
  const code = uniqueCode('ATURAN')
  await createPeriodAsNationalAdmin(page, code, `Seleksi CPNS 2031 Aturan ${code}`)
  const rules = page.getByRole('region', { name: 'Aturan yang berlaku' })
  await expect(rules).toContainText('Versi 1')
  // RULES_2024 is in force: SKD thresholds 65/80/166 (domain.md §3) and 40/60 weights (domain.md §6).
  await expect(rules.getByLabel('Ambang TWK')).toHaveValue('65')
  await expect(rules.getByLabel('Ambang TIU')).toHaveValue('80')
  await expect(rules.getByLabel('Ambang TKP')).toHaveValue('166')
  await expect(rules.getByLabel('Total minimal Lulusan Terbaik (Cumlaude)')).toHaveValue('311')
  await expect(rules.getByLabel('Bobot SKD (%)', { exact: true })).toHaveValue('40')

  await rules.getByLabel('Bobot SKD (%)', { exact: true }).fill('45')
  await rules.getByLabel('Alasan perubahan aturan').fill('KepmenPANRB uji nomor 1/2031')
  await rules.getByRole('button', { name: 'Simpan sebagai versi baru' }).click()
  await expect(rules.getByText('Bobot SKD dan SKB harus berjumlah 100%.')).toBeVisible()
  await expect(rules).toContainText('Versi 1')

  await rules.getByLabel('Bobot SKB (%)', { exact: true }).fill('55')
  await rules.getByRole('button', { name: 'Simpan sebagai versi baru' }).click()
  await expect(rules.getByText('Aturan disimpan sebagai versi 2.')).toBeVisible()
  await expect(rules).toContainText(/Versi 2, disimpan .* oleh Admin Panselnas \(Demo\)\. Alasan: KepmenPANRB uji nomor 1\/2031/)
  await page.reload()
  await expect(page.getByRole('region', { name: 'Aturan yang berlaku' }).getByLabel('Bobot SKD (%)', { exact: true })).toHaveValue('45')
})

test('the demo period has a running registration and national totals', async ({ page }) => {
  await signIn(page, 'nasional@demo.test')
  await visit(page, '/admin/periode/CASN-2026-DEMO')
  const row = page.getByRole('region', { name: 'Jadwal tahapan' }).getByRole('row', { name: /^Pendaftaran/ })
  await expect(row).toContainText('Sedang berlangsung')
  // An opened window can only be extended, not re-set.
  const registration = page.getByRole('region', { name: 'Pendaftaran', exact: true })
  await expect(registration.getByText(/sudah dibuka, sehingga jadwalnya tidak dapat diubah lagi/)).toBeVisible()
  await expect(registration.getByRole('button', { name: 'Simpan jadwal Pendaftaran' })).toHaveCount(0)
  const totals = page.getByRole('region', { name: 'Rekap nasional' })
  await expect(totals.getByRole('row', { name: /Kementerian Hukum/ })).toBeVisible()
  await expect(totals.getByRole('row', { name: /Total nasional/ })).toBeVisible()
})

test('an agency admin is refused the period pages, even by URL; an unknown timeline is 404', async ({ page }) => {
  await signIn(page, 'instansi@demo.test')
  await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Periode seleksi' })).toHaveCount(0)
  for (const url of ['/admin/periode', '/admin/periode/CASN-2026-DEMO']) {
    const response = await page.goto(url)
    expect(response?.status()).toBe(403)
    await expect(page.getByRole('heading', { name: 'Akses ditolak' })).toBeVisible()
  }
  const missing = await page.goto('/jadwal/TIDAK-ADA-PERIODE')
  expect(missing?.status()).toBe(404)
})

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
