import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { test, expect, signIn, visit, waitForMail, linkFrom } from './fixtures'

/**
 * Issue 4, the application: a new applicant goes from the empty account form through every step
 * of SSCASN's application to the downloaded Kartu Pendaftaran, whose QR code leads to a public
 * page showing the registration number. Another applicant cannot open this applicant's document.
 *
 * The resident is a fixed row far down prisma/demo/penduduk.csv (generated with a fixed seed), so
 * no other spec registers the same NIK; she was born in 2004, within CPNS's 18–35 at the cut-off.
 */
type Resident = { nik: string; kk: string; nama: string; tempat_lahir: string; tanggal_lahir: string; jenis_kelamin: 'L' | 'P' }

const RESIDENT_LINE = 1100

function residentAtLine(line: number): Resident {
  const lines = fs.readFileSync(path.resolve('prisma/demo/penduduk.csv'), 'utf8').trim().split('\n')
  const keys = lines[0]!.split(',')
  const cells = lines[line - 1]!.split(',')
  return Object.fromEntries(keys.map((k, i) => [k, cells[i]])) as Resident
}

/** The smallest valid JPEG (1×1 px) and a minimal PDF: real types by their bytes. */
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PASSWORD = 'Kuat-Sekali-2026'

/** The text drawn in a pdfkit PDF: inflate each stream and decode the hex strings of its TJ operators. */
function pdfText(pdf: Buffer): string {
  const out: string[] = []
  const source = pdf.toString('latin1')
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length
    const end = source.indexOf('endstream', start)
    try {
      const content = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1')
      for (const op of content.matchAll(/\[(.*?)\] TJ/g)) {
        out.push([...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''))
      }
    } catch {
      // Not a deflated stream (e.g. the QR image's raw data).
    }
  }
  return out.join('\n')
}

test('registers a new applicant from the empty form to the downloaded registration card', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000)
  const r = residentAtLine(RESIDENT_LINE)
  const email = `pelamar.${Date.now()}@pelamar.test`

  // ── Account (SSCASN's three steps) ──
  await visit(page, '/')
  await page.getByRole('link', { name: 'Daftar akun' }).click()
  await page.getByLabel(/^NIK/).fill(r.nik)
  await page.getByLabel('Nomor Kartu Keluarga (KK)').fill(r.kk)
  await page.getByLabel('Nama lengkap tanpa gelar').fill(r.nama)
  await page.getByLabel('Tempat lahir').fill(r.tempat_lahir)
  await page.getByLabel('Tanggal lahir').fill(r.tanggal_lahir)
  await page.getByLabel('Jenis kelamin').selectOption({ label: r.jenis_kelamin === 'P' ? 'Perempuan' : 'Laki-laki' })
  await page.getByLabel('Alamat surel').fill(email)
  await page.getByLabel('Nomor ponsel').fill('0812 3456 7890')
  await expect(page.getByRole('checkbox', { name: 'Terverifikasi' })).toBeChecked()
  await page.getByRole('button', { name: 'Periksa dan lanjutkan' }).click()
  await page.getByLabel(/^Kata sandi/).fill(PASSWORD)
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD)
  await page.getByLabel('Pertanyaan keamanan 1').selectOption({ label: 'Siapa nama gadis ibu kandung Anda?' })
  await page.getByLabel('Jawaban 1').fill('Siti Aminah')
  await page.getByLabel('Pertanyaan keamanan 2').selectOption({ label: 'Apa nama sekolah dasar Anda?' })
  await page.getByLabel('Jawaban 2').fill('SDN 01 Menteng')
  await page.getByLabel('Foto KTP').setInputFiles({ name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: JPG })
  await page.getByLabel('Swafoto').setInputFiles({ name: 'swafoto.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([JPG, Buffer.from('swafoto')]) })
  await page.getByLabel('Saya menyatakan bahwa data yang saya isi benar').check()
  await page.getByRole('button', { name: 'Lanjut ke pemeriksaan' }).click()
  await page.getByRole('button', { name: 'Simpan dan buat akun' }).click()
  await expect(page.getByRole('heading', { name: 'Akun berhasil dibuat' })).toBeVisible()

  const mail = await waitForMail(email, /Verifikasi alamat surel/)
  await visit(page, linkFrom(mail, '/verifikasi-email?token='))
  await expect(page.getByText('Alamat surel berhasil diverifikasi.')).toBeVisible()

  // ── Cari Formasi → a position she can meet (S1 Ilmu Hukum, GPA ≥ 3.00) → "Lamar formasi ini" ──
  await visit(page, '/formasi')
  const filters = page.getByRole('region', { name: 'Saring formasi' })
  await filters.getByRole('combobox', { name: 'Program studi' }).fill('Ilmu Hukum')
  await filters.getByRole('button', { name: 'Cari' }).click()
  await page.getByRole('region', { name: 'Hasil pencarian' }).getByRole('link', { name: 'Analis Hukum Ahli Pertama' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Analis Hukum Ahli Pertama' })).toBeVisible()
  await page.getByRole('region', { name: 'Formasi per lokasi' }).getByRole('row', { name: /Umum/ }).getByRole('link', { name: /Lamar formasi ini/ }).click()

  // The formasi step shows the vacancy with its requirements; nothing is chosen until she confirms.
  await expect(page.getByRole('heading', { level: 1, name: 'Pilih formasi' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Analis Hukum Ahli Pertama' })).toContainText('Kementerian Hukum')
  await page.getByRole('button', { name: 'Pilih formasi ini' }).click()

  // ── Education ──
  await expect(page.getByRole('heading', { level: 1, name: 'Pendidikan' })).toBeVisible()
  await page.getByLabel('Jenjang pendidikan').selectOption('S1')
  await page.getByRole('button', { name: 'Tampilkan program studi' }).click()
  await page.getByLabel('Perguruan tinggi / sekolah').fill('Universitas Hasanuddin')
  await page.getByLabel('Program studi').selectOption({ label: 'Ilmu Hukum' })
  await page.getByLabel('Nomor ijazah').fill('UNHAS/2025/000123')
  // A GPA with three decimals is refused with the rule; two decimals (decimal comma) are fine.
  await page.getByLabel('IPK').fill('3,505')
  await page.getByRole('button', { name: 'Simpan dan lanjutkan' }).click()
  await expect(page.getByText('IPK berupa angka 0–4 dengan paling banyak dua angka desimal.')).toBeVisible()
  await page.getByLabel('IPK').fill('3,50')
  await page.getByRole('button', { name: 'Simpan dan lanjutkan' }).click()

  // ── Documents: every slot of the position, with its own format and limit ──
  await expect(page.getByRole('heading', { level: 1, name: 'Unggah dokumen' })).toBeVisible()
  const PHOTO = 'Pas foto (latar merah)'
  const photo = page.getByRole('region', { name: PHOTO })
  await expect(photo).toContainText('JPG, maks. 200 KB')
  // A PDF renamed .jpg is refused by its bytes, with the rule named.
  await photo.getByLabel(PHOTO, { exact: true }).setInputFiles({ name: 'pasfoto.jpg', mimeType: 'image/jpeg', buffer: PDF })
  await photo.getByRole('button', { name: `Unggah: ${PHOTO}` }).click()
  await expect(page.getByRole('region', { name: PHOTO })).toContainText('Isi berkas bukan JPG.')
  const pending = page.getByRole('region').filter({ hasText: 'Belum diunggah' })
  for (let i = 0; i < 12 && (await pending.count()) > 0; i++) {
    const region = pending.first()
    const label = (await region.getAttribute('aria-label'))!
    const isJpg = ((await region.getByText(/, maks\. \d+ KB$/).textContent()) ?? '').startsWith('JPG')
    await region.getByLabel(label, { exact: true }).setInputFiles(
      isJpg
        ? { name: `${label}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.concat([JPG, Buffer.from(label)]) }
        : { name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`% ${label}\n`)]) },
    )
    await region.getByRole('button', { name: `Unggah: ${label}` }).click()
    await expect(page.getByText(`Dokumen ${label} tersimpan.`)).toBeVisible()
  }
  await expect(pending).toHaveCount(0)
  const documentUrl = await page.getByRole('region', { name: PHOTO }).getByRole('link', { name: 'Lihat berkas' }).getAttribute('href')
  expect(documentUrl).toMatch(/^\/lamaran\/dokumen\/\w+$/)

  // ── Biodata and work history (optional for CPNS) ──
  await page.getByRole('navigation', { name: 'Langkah pendaftaran' }).getByRole('link', { name: 'Biodata' }).click()
  await expect(page.getByRole('region', { name: 'Data identitas (dari akun)' })).toContainText(r.nama)
  await page.getByLabel('Alamat domisili').fill('Jl. Perintis Kemerdekaan No. 10')
  await page.getByLabel('Kabupaten/kota').fill(r.tempat_lahir)
  await page.getByLabel('Kode pos').fill('90245')
  await page.getByLabel('Status perkawinan').selectOption({ label: 'Belum kawin' })
  await page.getByRole('button', { name: 'Simpan dan lanjutkan' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Pendidikan' })).toBeVisible()

  // ── Resume → Akhiri ──
  await visit(page, '/lamaran/resume')
  await expect(page.getByRole('region', { name: 'Formasi', exact: true })).toContainText('Analis Hukum Ahli Pertama')
  await expect(page.getByRole('region', { name: 'Pendidikan', exact: true })).toContainText('3.50')
  await page.getByRole('button', { name: 'Akhiri pendaftaran' }).click()
  await expect(page.getByText('Centang pernyataan untuk mengakhiri pendaftaran.')).toBeVisible()
  await page.getByLabel(/^Saya menyatakan data yang saya isi benar/).check()
  await page.getByRole('button', { name: 'Akhiri pendaftaran' }).click()

  // ── Dashboard: status, history with reason, number ──
  await expect(page.getByRole('heading', { level: 1, name: 'Lamaran saya' })).toBeVisible()
  const status = page.getByRole('region', { name: 'Status lamaran' })
  await expect(status).toContainText('Sudah diakhiri')
  const number = ((await status.getByText(/^\d{4}-KEMENKUM-\d{8}$/).textContent()) ?? '').trim()
  expect(number).toMatch(/^2026-KEMENKUM-\d{8}$/)
  const history = page.getByRole('region', { name: 'Riwayat status' })
  await expect(history.getByRole('row', { name: /Sudah diakhiri/ })).toContainText('Pendaftaran diakhiri oleh pelamar.')
  await expect(history.getByRole('row', { name: /Sudah diakhiri/ })).toContainText(/WIB|WITA|WIT/)
  await waitForMail(email, /Perubahan status/)

  // After finalising, the steps refuse changes with a clear message.
  await visit(page, '/lamaran/biodata')
  await expect(page.getByText('Pendaftaran sudah diakhiri. Data lamaran tidak dapat diubah lagi.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Simpan dan lanjutkan' })).toHaveCount(0)

  // ── Kartu Pendaftaran ──
  await visit(page, '/lamaran')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh Kartu Pendaftaran (PDF)' }).click()])
  const pdf = fs.readFileSync((await download.path())!)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const text = pdfText(pdf)
  expect(text).toContain(number)
  const qrTarget = /https?:\/\/\S*?(\/kartu-pendaftaran\/[\w.-]+)/.exec(text.replace(/\n/g, ''))?.[1]
  expect(qrTarget).toBeTruthy()
  await expect(page.getByRole('link', { name: 'Halaman pemeriksaan kartu (tujuan kode QR)' })).toHaveAttribute('href', qrTarget!)

  // The QR's page, opened by anyone: the number, masked identity, status.
  const stranger = await browser.newContext({ baseURL: testInfo.project.use.baseURL })
  const publicPage = await stranger.newPage()
  try {
    await publicPage.goto(qrTarget!)
    await expect(publicPage.getByText('Kartu Pendaftaran ini asli dan terdaftar di portal.')).toBeVisible()
    await expect(publicPage.getByRole('region', { name: number })).toContainText('Analis Hukum Ahli Pertama')
    await expect(publicPage.getByRole('region', { name: number })).toContainText(`${r.nik.slice(0, 4)}********${r.nik.slice(-4)}`)
    await expect(publicPage.getByRole('region', { name: number })).not.toContainText(r.nama)
    // The bare number is not enough to find a card.
    const bare = await publicPage.goto(`/kartu-pendaftaran/${number}`)
    expect(bare?.status()).toBe(404)

    // ── Another applicant opening her document URL gets 404; she gets the file ──
    expect((await page.request.get(documentUrl!)).status()).toBe(200)
    await signIn(publicPage, 'pelamar@demo.test')
    await expect(publicPage).toHaveURL(/\/dasbor/)
    expect((await publicPage.request.get(documentUrl!)).status()).toBe(404)
  } finally {
    await stranger.close()
  }
})
