import { test, expect, visit } from './fixtures'

/**
 * Cari Formasi: an anonymous visitor finds a demo position by its study programme and opens its
 * page (issue 10). The demo formation (prisma/demo/formation-seed.ts) publishes "Analis Hukum Ahli
 * Pertama" at Kementerian Hukum for S1 Ilmu Hukum, with the SSCASN default documents.
 */
test('an anonymous visitor finds a position by study programme and opens its page', async ({ page }) => {
  await visit(page, '/')
  await page.getByRole('banner').getByRole('link', { name: 'Cari Formasi' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Cari Formasi' })).toBeVisible()

  const filters = page.getByRole('region', { name: 'Saring formasi' })
  await filters.getByRole('combobox', { name: 'Program studi' }).fill('Ilmu Hukum')
  await filters.getByRole('button', { name: 'Cari' }).click()
  await expect(page).toHaveURL(/prodi=Ilmu\+Hukum/)

  const results = page.getByRole('region', { name: 'Hasil pencarian' })
  await expect(results.getByRole('status')).toHaveText(/^\d+ formasi ditemukan$/)
  const rows = results.getByRole('row').filter({ has: page.getByRole('link', { name: 'Analis Hukum Ahli Pertama' }) })
  await expect(rows.first()).toContainText('Kementerian Hukum')
  await expect(rows.first()).toContainText('S1')
  // Every result requires the programme: nothing for a different field slipped in.
  await expect(results.getByRole('link', { name: 'Perawat Terampil' })).toHaveCount(0)

  await rows.first().getByRole('link', { name: 'Analis Hukum Ahli Pertama' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Analis Hukum Ahli Pertama' })).toBeVisible()
  await expect(page.getByText('Kementerian Hukum · Kantor Wilayah DKI Jakarta')).toBeVisible()

  const requirements = page.getByRole('region', { name: 'Persyaratan' })
  await expect(requirements).toContainText('S1 Ilmu Hukum')
  await expect(requirements).toContainText('IPK minimal')
  await expect(requirements).toContainText('3,00')
  await expect(requirements).toContainText(/18–35 tahun/)

  const documents = page.getByRole('region', { name: 'Dokumen yang diunggah' })
  await expect(documents.getByRole('row', { name: /Pas foto/ })).toContainText('JPG, maks. 200 KB')
  await expect(documents.getByRole('row', { name: /Ijazah/ })).toContainText('PDF, maks. 800 KB')

  const tests = page.getByRole('region', { name: 'Seleksi Kompetensi Bidang (SKB) dan bobotnya' })
  await expect(tests.getByRole('row', { name: /Psikotes/ })).toContainText('Ya, menggugurkan')
  await expect(tests.getByRole('row', { name: /SKB dengan CAT/ })).toContainText('50%')
  await expect(page.getByRole('region', { name: 'Bobot nilai akhir (integrasi SKD dan SKB)' })).toContainText('60%')

  const vacancies = page.getByRole('region', { name: 'Formasi per lokasi' })
  const apply = vacancies.getByRole('row', { name: /Umum/ }).getByRole('link', { name: /Lamar formasi ini/ })
  await expect(apply).toHaveAttribute('href', /^\/daftar\?formasi=[\w-]+$/)
  await expect(page.getByRole('link', { name: 'Lihat jadwal seleksi' })).toHaveAttribute('href', '/jadwal/CASN-2026-DEMO')
})

test('without JavaScript the search is a plain form, and its answer may be cached for a minute', async ({ browser }, testInfo) => {
  // A context of its own with scripts off (as on a phone with JavaScript blocked); the same pages
  // were checked for accessibility in the test above.
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: testInfo.project.use.baseURL })
  const page = await context.newPage()
  try {
    const response = await page.goto('/formasi')
    expect(response?.headers()['cache-control']).toBe('public, max-age=60')
    await page.getByLabel('Jenjang pendidikan').selectOption('D3')
    await page.getByRole('button', { name: 'Cari' }).click()
    await expect(page).toHaveURL(/pendidikan=D3/)
    const results = page.getByRole('region', { name: 'Hasil pencarian' })
    await expect(results.getByRole('link', { name: 'Perawat Terampil' }).first()).toBeVisible()
    await expect(results.getByRole('link', { name: 'Analis Hukum Ahli Pertama' })).toHaveCount(0)
    // The chosen filter is still chosen on the answer page.
    await expect(page.getByLabel('Jenjang pendidikan')).toHaveValue('D3')

    await page.getByLabel('Instansi').selectOption({ label: 'Kementerian Kesehatan' })
    await page.getByRole('button', { name: 'Cari' }).click()
    await expect(page).toHaveURL(/instansi=KEMENKES&pendidikan=D3/)
    await expect(results.getByRole('link', { name: 'Perawat Terampil' }).first()).toBeVisible()
    // Every result is of the chosen agency (second column, "Instansi").
    const agencyCells = results.getByRole('row').locator('td:nth-child(2)')
    await expect(agencyCells).not.toHaveCount(0)
    expect(new Set(await agencyCells.allTextContents())).toEqual(new Set(['Kementerian Kesehatan']))
    await expect(page.getByLabel('Instansi')).toHaveValue('KEMENKES')

    await page.getByLabel('Instansi').selectOption('')
    await page.getByLabel('Jenjang pendidikan').selectOption('')
    await page.getByLabel('Nama jabatan').fill('jabatan yang tidak ada')
    await page.getByRole('button', { name: 'Cari' }).click()
    await expect(results.getByRole('status')).toHaveText('0 formasi ditemukan')
    await expect(results).toContainText('Tidak ada formasi yang cocok.')
  } finally {
    await context.close()
  }
})
