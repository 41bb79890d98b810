import { test, expect, signIn, signOut, visit, waitForMail } from './fixtures'

/**
 * Issue 8: a committee member runs the final integration on the demo period's SKD draft, reviews
 * a position and submits the list; a second committee member approves it; the public page shows
 * the list with a verified content hash; the demo candidate sees L on the dashboard and gets an
 * e-mail. An applicant cannot open the committee's pages.
 */
const PERIOD = 'Seleksi CASN 2026 — Demo'
const STAGE = 'Integrasi nilai akhir dan optimalisasi'

async function openDemoPeriod(page: import('@playwright/test').Page) {
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pemeringkatan' }).click()
  await expect(page.getByRole('heading', { name: 'Pemeringkatan dan pengumuman hasil', level: 1 })).toBeVisible()
  await page.getByLabel('Periode seleksi').selectOption({ label: PERIOD })
  await page.getByRole('button', { name: 'Tampilkan' }).click()
}

test('run the final ranking, approve it as a second committee member, see the public list and the L status', async ({ page }) => {
  // A long journey (two committee members, a background job, an applicant) on a machine shared
  // with other builds: more than the default minute.
  test.setTimeout(300_000)
  await signIn(page, 'panitia@demo.test')
  await openDemoPeriod(page)
  const runs = page.getByRole('group', { name: 'Riwayat pemeringkatan' })
  // The demo's SKD ranking is a draft the committee can review.
  await expect(runs.getByRole('row').filter({ hasText: 'Pemeringkatan SKD' })).toContainText('Draf')

  await page.getByLabel('Tahap').selectOption({ label: STAGE })
  await page.getByRole('button', { name: 'Jalankan pemeringkatan' }).click()
  await expect(page.getByText('Pemeringkatan diantrekan.')).toBeVisible()
  // The job runs in the background; the page follows its progress until the run is a draft.
  const finalRow = runs.getByRole('row').filter({ hasText: STAGE })
  await expect(finalRow).toContainText('Draf', { timeout: 30_000 })
  await expect(finalRow.getByRole('progressbar')).toHaveAttribute('value', '100')
  await finalRow.getByRole('link', { name: new RegExp(`Buka pemeringkatan ${STAGE}`) }).click()

  // Review one position: the boundary and the list, with the demo candidate passing.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(STAGE)
  await page.getByRole('link', { name: /Tinjau Analis Hukum Ahli Pertama/ }).click()
  const general = page.getByRole('table', { name: /Daftar peringkat — UMUM · Jakarta/ })
  await expect(general.getByRole('row').filter({ hasText: 'Peserta Peringkat (Demo)' })).toContainText('L')
  // Optimalisasi: the general vacancy had fewer candidates than seats, so cumlaude candidates moved (L-1).
  await expect(page.getByRole('table', { name: /Daftar peringkat — CUMLAUDE · Jakarta/ }).getByText('L-1').first()).toBeVisible()
  await page.getByRole('link', { name: 'Kembali ke pemeringkatan' }).click()

  await page.getByRole('button', { name: 'Ajukan untuk diumumkan' }).click()
  await expect(page.getByText('Menunggu persetujuan').first()).toBeVisible()
  // The one who submitted cannot approve.
  await expect(page.getByRole('button', { name: 'Setujui dan umumkan' })).toHaveCount(0)
  await signOut(page)

  await signIn(page, 'panitia2@demo.test')
  await openDemoPeriod(page)
  await page.getByRole('group', { name: 'Riwayat pemeringkatan' }).getByRole('row').filter({ hasText: STAGE }).getByRole('link', { name: /Buka pemeringkatan/ }).click()
  await page.getByRole('button', { name: 'Setujui dan umumkan' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Diumumkan' })).toBeVisible()
  await page.getByRole('link', { name: 'Lihat halaman publik' }).click()

  await expect(page.getByRole('heading', { name: `${STAGE} — Versi 1`, level: 1 })).toBeVisible()
  await expect(page.getByText('Hash isi diperiksa ulang dari data tersimpan: cocok.')).toBeVisible()
  await page.getByLabel('Jabatan').selectOption({ label: 'Kementerian Hukum — Analis Hukum Ahli Pertama (PPU-AHLI-PERTAMA)' })
  await page.getByRole('button', { name: 'Tampilkan' }).click()
  const row = page.getByRole('table', { name: 'Daftar peringkat' }).getByRole('row').filter({ hasText: 'Peserta Peringkat (Demo)' })
  await expect(row.getByRole('cell').nth(5)).toHaveText('L')
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'CSV' }).click()
  expect((await download).suggestedFilename()).toMatch(/^hasil-casn-2026-demo-final-v1\.csv$/)
  await signOut(page)

  await signIn(page, 'peserta@demo.test')
  await visit(page, '/dasbor')
  const results = page.getByRole('region', { name: 'Hasil seleksi Anda' })
  await expect(results).toContainText('L — lulus')
  // The body is quoted-printable: match a plain-ASCII part of the status.
  expect(await waitForMail('peserta@demo.test', /Perubahan status: Integrasi nilai akhir/)).toMatch(/berubah menjadi: L .* lulus/)

  // The same objection (sanggah) mechanism as the administrative result (ADR 012): once, within
  // the window that closes 23:59 WIB; the committee answers with a decision and a reason.
  await visit(page, '/hasil-saya')
  await expect(page.getByText(/Anda dapat menyanggah hasil ini hingga .*23[.:]59/)).toBeVisible()
  await page.getByLabel('Isi sanggah').fill('Nilai praktik kerja saya belum tercatat dengan benar.')
  await page.getByRole('button', { name: 'Kirim sanggah' }).click()
  await expect(page.getByText('Sanggah Anda telah diterima.')).toBeVisible()
  await expect(page.getByText('Sanggah sedang diproses')).toBeVisible()
  // Once: the form is gone.
  await expect(page.getByRole('button', { name: 'Kirim sanggah' })).toHaveCount(0)
  await signOut(page)

  await signIn(page, 'panitia@demo.test')
  await openDemoPeriod(page)
  await page.getByRole('group', { name: 'Riwayat pemeringkatan' }).getByRole('row').filter({ hasText: STAGE }).getByRole('link', { name: /Buka pemeringkatan/ }).click()
  await expect(page.getByText('Nilai praktik kerja saya belum tercatat dengan benar.')).toBeVisible()
  await page.getByLabel(/^Keputusan — /).selectOption({ label: 'Sanggah ditolak' })
  await page.getByLabel(/^Jawaban \(alasan\) — /).fill('Nilai praktik kerja sudah sesuai berita acara penilai.')
  await page.getByRole('button', { name: 'Kirim jawaban' }).click()
  await expect(page.getByText('Jawaban panitia: Nilai praktik kerja sudah sesuai berita acara penilai.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Kirim jawaban' })).toHaveCount(0)
  await signOut(page)

  await signIn(page, 'peserta@demo.test')
  await visit(page, '/hasil-saya')
  await expect(page.getByText(/Sanggah ditolak — Jawaban panitia: Nilai praktik kerja sudah sesuai/)).toBeVisible()
})

test('an applicant cannot open the committee pages', async ({ page }) => {
  await signIn(page, 'pelamar@demo.test')
  await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pemeringkatan' })).toHaveCount(0)
  const response = await visit(page, '/panitia/peringkat')
  expect(response?.status()).toBe(403)
})
