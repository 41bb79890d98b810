import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test, expect, signIn, signOut, visit } from './fixtures'

/**
 * Issue 6 (question bank): the national admin sees that the demo bank covers every blueprint,
 * filters items, reads one item's versions and key, imports a GIFT file and reads the report of
 * what was imported and what was skipped and why; staff without the permission are refused.
 */

function tempFile(name: string, content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-'))
  const file = path.join(dir, name)
  fs.writeFileSync(file, content, 'utf8')
  return file
}

test('coverage, filter, an item with its key, and a GIFT import with its report', async ({ page }) => {
  // A long journey (seven page loads and an upload) on a shared 2-core machine.
  test.setTimeout(180_000)
  await signIn(page, 'nasional@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Bank soal' }).click()
  await expect(page.getByRole('heading', { name: 'Bank soal CAT', level: 1 })).toBeVisible()

  // The demo bank is synced on start and covers SKD, PPPK and SKB three times over.
  const coverage = page.getByRole('table', { name: 'Kecukupan bank per cetak biru' })
  await expect(coverage.getByRole('row').filter({ hasText: 'SKD_2024' })).toHaveCount(9)
  await expect(coverage.getByText('Kurang')).toHaveCount(0)
  await expect(coverage.getByRole('row').filter({ hasText: 'TKP' }).filter({ hasText: 'Sulit' })).toContainText('13')

  // Filter: hard TKP items only.
  const items = page.getByRole('region', { name: 'Butir soal' })
  await items.getByRole('combobox', { name: 'Subtes' }).selectOption('TKP')
  await items.getByRole('combobox', { name: 'Kesulitan' }).selectOption('3')
  await items.getByRole('button', { name: 'Tampilkan' }).click()
  await expect(page).toHaveURL(/subtes=TKP/)
  const table = page.getByRole('table', { name: 'Butir soal' })
  const rows = table.getByRole('row')
  await expect(rows.nth(1)).toContainText('TKP')
  for (const row of await rows.all().then((r) => r.slice(1))) {
    await expect(row.getByRole('cell').nth(1)).toHaveText('TKP')
    await expect(row.getByRole('cell').nth(3)).toHaveText('Sulit')
  }

  // One item: its version and the score of each option (admin only).
  await rows.nth(1).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Butir tkp-')
  await expect(page.getByText('Kunci jawaban hanya tampil untuk Admin Panselnas')).toBeVisible()
  const options = page.getByRole('table', { name: 'Versi 1' })
  await expect(options.getByRole('row')).toHaveCount(6)
  const scores = (await options.getByRole('row').evaluateAll((trs) => trs.slice(1).map((tr) => tr.lastElementChild?.textContent))).sort()
  expect(scores).toEqual(['1', '2', '3', '4', '5'])

  // Import a GIFT file: one weighted TKP item, one true/false question that is skipped.
  const id = `tkp-e2e-${Date.now()}`
  const gift = `$CATEGORY: $course$/SKD/TKP/pelayanan-publik

// [tag:difficulty-2]
::${id}:: Seorang warga meminta informasi layanan melalui telepon saat jam istirahat. Sikap Anda … {
~%100%Melayani dengan ramah dan memberikan informasi yang lengkap
~%75%Memberikan informasi singkat lalu meminta warga menelepon kembali
~%50%Mencatat nomor warga untuk dihubungi setelah istirahat
~%25%Meminta warga datang langsung ke kantor
~%0%Tidak mengangkat telepon
}

::benar-salah:: Pelayanan publik wajib tanpa diskriminasi. {T}
`
  await page.getByRole('link', { name: 'Kembali ke bank soal' }).click()
  const upload = page.getByRole('region', { name: 'Impor dari Moodle (GIFT atau XML)' })
  await upload.getByLabel(/Berkas GIFT/).setInputFiles(tempFile('soal-e2e.gift', gift))
  await upload.getByRole('button', { name: 'Impor' }).click()
  await expect(upload.getByRole('heading', { name: 'Laporan impor: soal-e2e.gift' })).toBeVisible()
  await expect(upload.getByText(/1 soal valid: 1 baru/)).toBeVisible()
  await expect(upload.getByRole('table', { name: 'Diimpor' }).getByRole('link', { name: id })).toBeVisible()
  const skipped = upload.getByRole('table', { name: 'Dilewati' }).getByRole('row').nth(1)
  await expect(skipped).toContainText('benar-salah')
  await expect(skipped).toContainText('question type "TF" is not supported')

  // The imported item exists as version 1 with Moodle's 100/75/50/25/0 % as scores 5…1.
  await upload.getByRole('link', { name: id }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id)
  const v1 = page.getByRole('table', { name: 'Versi 1' })
  await expect(v1.getByRole('row').filter({ hasText: 'Tidak mengangkat telepon' })).toContainText('1')
  await expect(v1.getByRole('row').filter({ hasText: 'Melayani dengan ramah' })).toContainText('5')
})

test('staff without the national permission cannot open the bank, not even by URL', async ({ page }) => {
  await signIn(page, 'verifikator@demo.test')
  await expect(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Bank soal' })).toHaveCount(0)
  const response = await page.goto('/admin/bank-soal/twk-uud-1945-0001')
  expect(response?.status()).toBe(403)
  await signOut(page)
  await visit(page, '/admin/bank-soal')
  await expect(page).toHaveURL(/\/masuk/)
})
