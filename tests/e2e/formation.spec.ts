import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test, expect, signIn, signOut, visit } from './fixtures'

/**
 * Issue 10: an agency admin imports a formation file with one bad row and sees that row's error
 * while nothing is imported, fixes it, imports, submits; the national admin approves; an agency
 * admin cannot open another agency's formation, by URL either.
 */

function tempFile(name: string, content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'formasi-'))
  const file = path.join(dir, name)
  fs.writeFileSync(file, content, 'utf8')
  return file
}

test('import with a bad row, fix, submit, and national approval', async ({ page }) => {
  const code = `E2E-${Date.now()}-${Math.floor(Math.random() * 1e4)}`
  await signIn(page, 'instansi@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Formasi instansi' }).click()
  await expect(page.getByRole('heading', { name: 'Formasi instansi', level: 1 })).toBeVisible()

  // Start from the published formation (so the demo positions stay as they are): export it as CSV.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Ekspor CSV' }).click()
  const exported = fs.readFileSync((await (await downloading).path())!, 'utf8').replace(/\r?\n$/, '')
  const existingLines = exported.split(/\r?\n/)
  expect(existingLines[0]).toContain('kode_jabatan,nama_jabatan,unit_kerja,lokasi,jenis_formasi,jumlah_kebutuhan')

  const good = `${code},Pranata Komputer Ahli Pertama,Kantor Wilayah Jawa Timur,Surabaya,UMUM,3,S1,S1-TI;S1-SI,3.00,,,,`
  const bad = `${code},Pranata Komputer Ahli Pertama,Kantor Wilayah Jawa Timur,Malang,UMUM,2,S1,S1-TI;S1-SI;S1-TIDAKADA,3.00,,,,`
  const badRow = existingLines.length + 2 // header is row 1; the bad line comes after the good one
  const region = page.getByRole('region', { name: 'Unggah formasi' })
  await region.getByLabel('Berkas formasi (XLSX atau CSV)').setInputFiles(tempFile('formasi.csv', [...existingLines, good, bad].join('\r\n')))
  await region.getByRole('button', { name: 'Impor berkas' }).click()

  await expect(page.getByRole('alert').filter({ hasText: 'tidak ada yang diimpor' })).toBeVisible()
  const problems = page.getByRole('table', { name: 'Masalah pada berkas' })
  await expect(problems.getByRole('row')).toHaveCount(2) // header + the one problem
  const problem = problems.getByRole('row').nth(1)
  await expect(problem.getByRole('cell').nth(0)).toHaveText(String(badRow))
  await expect(problem.getByRole('cell').nth(1)).toHaveText('kode_prodi')
  await expect(problem.getByRole('cell').nth(2)).toHaveText('Kode program studi "S1-TIDAKADA" tidak ada di daftar rujukan.')
  // Nothing was imported: the good row of that file is nowhere, and no new version exists.
  const versions = page.getByRole('table', { name: 'Versi formasi' })
  await expect(versions.getByText('Draf')).toHaveCount(0)
  await expect(page.getByRole('cell', { name: code })).toHaveCount(0)

  // Fixed file.
  const fixed = bad.replace(';S1-TIDAKADA', '')
  await region.getByLabel('Berkas formasi (XLSX atau CSV)').setInputFiles(tempFile('formasi.csv', [...existingLines, good, fixed].join('\r\n')))
  await region.getByRole('button', { name: 'Impor berkas' }).click()
  const imported = page.getByRole('status').filter({ hasText: /Formasi versi \d+ diimpor/ })
  await expect(imported).toContainText(`${existingLines.length + 1} baris`)
  const version = /versi (\d+)/.exec((await imported.textContent()) ?? '')![1]!
  await expect(versions.getByRole('row').filter({ hasText: `Versi ${version}` })).toContainText('Draf')
  await expect(page.getByRole('cell', { name: code })).toHaveCount(2)

  await page.getByRole('button', { name: 'Ajukan ke Panselnas' }).click()
  await expect(page.getByText(`Formasi versi ${version} diajukan ke Panselnas.`)).toBeVisible()
  await expect(versions.getByRole('row').filter({ hasText: `Versi ${version}` })).toContainText('Diajukan')
  // While it is with Panselnas it cannot be changed.
  await expect(region.getByLabel('Berkas formasi (XLSX atau CSV)')).toHaveCount(0)
  await signOut(page)

  await signIn(page, 'nasional@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Persetujuan formasi' }).click()
  const pending = page.getByRole('region', { name: 'Menunggu persetujuan' })
  await pending.getByRole('link', { name: `Periksa formasi Kementerian Hukum versi ${version}` }).click()
  await expect(page.getByRole('heading', { name: `Formasi Kementerian Hukum — versi ${version}` })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: code }).filter({ hasText: 'Malang' })).toContainText('S1-TI, S1-SI')

  // A rejection needs a reason.
  await page.getByRole('button', { name: 'Tolak' }).click()
  await expect(page.getByText('Tuliskan alasan penolakan.')).toBeVisible()
  await page.getByRole('button', { name: 'Setujui dan umumkan' }).click()
  await expect(page.getByText('Formasi disetujui dan diumumkan: 1 jabatan baru, 3 jabatan diperbarui, 0 jabatan dinonaktifkan.')).toBeVisible()
  await expect(page.getByRole('region', { name: `Formasi Kementerian Hukum — versi ${version}` })).toContainText('Disetujui')
  await expect(page.getByRole('button', { name: 'Setujui dan umumkan' })).toHaveCount(0)
  await signOut(page)

  // The agency admin sees the decision.
  await signIn(page, 'instansi@demo.test')
  await visit(page, '/instansi/formasi')
  await expect(page.getByRole('table', { name: 'Versi formasi' }).getByRole('row').filter({ hasText: `Versi ${version}` })).toContainText('Disetujui')
})

test("an agency admin cannot open, export or submit another agency's formation", async ({ page }) => {
  // The national admin's overview links every agency's formation; take Kemenkes' id from it.
  await signIn(page, 'nasional@demo.test')
  await visit(page, '/admin/formasi')
  await page
    .getByRole('region', { name: 'Semua versi formasi' })
    .getByRole('link', { name: /^Lihat formasi Kementerian Kesehatan versi/ })
    .first()
    .click()
  await expect(page.getByRole('heading', { name: /Formasi Kementerian Kesehatan — versi/ })).toBeVisible()
  const otherId = new URL(page.url()).searchParams.get('id')!
  expect(otherId).toBeTruthy()
  await signOut(page)

  await signIn(page, 'instansi@demo.test')
  const response = await visit(page, `/instansi/formasi?id=${otherId}`)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible()
  await expect(page.getByText('Kementerian Kesehatan')).toHaveCount(0)

  expect((await page.request.get(`/instansi/formasi/${otherId}/ekspor?format=csv`)).status()).toBe(404)
  const post = await page.request.post('/instansi/formasi', { form: { intent: 'submit', formationId: otherId } })
  expect(post.status()).toBe(404)

  // The national approval page itself is closed to an agency admin.
  const admin = await visit(page, '/admin/formasi')
  expect(admin?.status()).toBe(403)
})

test('the template downloads with the header and one example row', async ({ page }) => {
  await signIn(page, 'instansi@demo.test')
  await visit(page, '/instansi/formasi')
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Templat CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('templat-formasi.csv')
  const lines = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/)
  expect(lines).toEqual([
    'kode_jabatan,nama_jabatan,unit_kerja,lokasi,jenis_formasi,jumlah_kebutuhan,jenjang_pendidikan,kode_prodi,ipk_minimal,usia_min,usia_max,skb_tambahan,bobot_cat',
    'ANALIS-HUKUM-AP,Analis Hukum Ahli Pertama,Kantor Wilayah DKI Jakarta,Jakarta,UMUM,5,S1,S1-HUK,3.00,,,PRAKTIK_KERJA:30,70',
  ])
})
