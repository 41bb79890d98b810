import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect, signIn, signOut, visit, waitForMail, linkFrom } from './fixtures'

/**
 * Issue 4, account creation: a new applicant goes from the home page through SSCASN's three steps
 * to the verified e-mail and the downloaded Kartu Informasi Akun; the same NIK is then refused.
 * Residents come from the demo population (prisma/demo/penduduk.csv); the two used here are
 * reserved for this spec (see scripts/generate-penduduk.ts).
 */

type Resident = { nik: string; kk: string; nama: string; tempat_lahir: string; tanggal_lahir: string; jenis_kelamin: 'L' | 'P' }

function resident(name: string): Resident {
  const [header, ...lines] = fs.readFileSync(path.resolve('prisma/demo/penduduk.csv'), 'utf8').trim().split('\n')
  const keys = header!.split(',')
  const row = lines.map((l) => l.split(',')).find((cells) => cells[2] === name)
  if (!row) throw new Error(`${name} is not in penduduk.csv`)
  return Object.fromEntries(keys.map((k, i) => [k, row[i]])) as Resident
}

/** The smallest valid JPEG (1×1 px). */
const JPG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
)
const PASSWORD = 'Kuat-Sekali-2026'
const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`

/** Step 2's two security questions (domain.md §1 A.2). */
async function fillSecurityQuestions(page: Page) {
  await page.getByLabel('Pertanyaan keamanan 1').selectOption({ label: 'Siapa nama gadis ibu kandung Anda?' })
  await page.getByLabel('Jawaban 1').fill('Siti Aminah')
  await page.getByLabel('Pertanyaan keamanan 2').selectOption({ label: 'Apa nama sekolah dasar Anda?' })
  await page.getByLabel('Jawaban 2').fill('SDN 01 Menteng')
}

async function fillIdentity(page: Page, r: Resident, email: string, overrides: Partial<{ sex: string }> = {}) {
  await page.getByLabel(/^NIK/).fill(r.nik)
  await page.getByLabel('Nomor Kartu Keluarga (KK)').fill(r.kk)
  await page.getByLabel('Nama lengkap tanpa gelar').fill(r.nama)
  await page.getByLabel('Tempat lahir').fill(r.tempat_lahir)
  await page.getByLabel('Tanggal lahir').fill(r.tanggal_lahir)
  await page.getByLabel('Jenis kelamin').selectOption({ label: overrides.sex ?? (r.jenis_kelamin === 'P' ? 'Perempuan' : 'Laki-laki') })
  await page.getByLabel('Alamat surel').fill(email)
  await page.getByLabel('Nomor ponsel').fill('0812 3456 7890')
  // The CAPTCHA (a proof of work) solves itself; the button is enabled once it is verified.
  await expect(page.getByRole('checkbox', { name: 'Terverifikasi' })).toBeChecked()
  await page.getByRole('button', { name: 'Periksa dan lanjutkan' }).click()
}

test('a new applicant creates an account, verifies the e-mail and downloads the Kartu Informasi Akun', async ({ page }) => {
  // The whole SSCASN account journey, then the helpdesk reset: longer than one page's budget.
  test.slow()
  const dewi = resident('Dewi Anggraini')
  const email = `dewi.${unique()}@pelamar.test`

  await visit(page, '/')
  await page.getByRole('link', { name: 'Daftar akun' }).click()
  await expect(page.getByRole('heading', { name: 'Buat akun pelamar' })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Langkah pembuatan akun' })).toContainText('Identitas')

  // Step 1. Entered as a man, her NIK (day of birth + 40) gives itself away.
  await fillIdentity(page, dewi, email, { sex: 'Laki-laki' })
  await expect(page.getByText('Jenis kelamin tidak sesuai dengan NIK: pada NIK perempuan, tanggal lahir ditambah 40.')).toBeVisible()
  await page.getByLabel('Jenis kelamin').selectOption({ label: 'Perempuan' })
  await page.getByRole('button', { name: 'Periksa dan lanjutkan' }).click()

  // Step 2: her identity matched the registry; password, KTP photo, selfie, statement.
  await expect(page.getByText(`Identitas Anda (${dewi.nama}, NIK ${dewi.nik.slice(0, 4)}********${dewi.nik.slice(-4)}) sesuai dengan data kependudukan.`)).toBeVisible()
  await expect(page.getByText('Minimal 10 karakter, berisi huruf dan angka')).toBeVisible()
  await page.getByLabel(/^Kata sandi/).fill(PASSWORD)
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD)
  // Choosing the same question twice is refused; then two different ones.
  await page.getByLabel('Pertanyaan keamanan 1').selectOption({ label: 'Apa nama sekolah dasar Anda?' })
  await page.getByLabel('Jawaban 1').fill('SDN 01 Menteng')
  await page.getByLabel('Pertanyaan keamanan 2').selectOption({ label: 'Apa nama sekolah dasar Anda?' })
  await page.getByLabel('Jawaban 2').fill('SDN 01 Menteng')
  await page.getByLabel('Foto KTP').setInputFiles({ name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: JPG })
  await page.getByLabel('Swafoto').setInputFiles({ name: 'swafoto.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([JPG, Buffer.from('swafoto')]) })
  await page.getByLabel('Saya menyatakan bahwa data yang saya isi benar').check()
  await page.getByRole('button', { name: 'Lanjut ke pemeriksaan' }).click()
  await expect(page.getByText('Pilih pertanyaan yang berbeda dari pertanyaan pertama.')).toBeVisible()
  // The accepted photos are kept; the password and answers are typed again.
  await page.getByLabel(/^Kata sandi/).fill(PASSWORD)
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD)
  await fillSecurityQuestions(page)
  await page.getByLabel('Saya menyatakan bahwa data yang saya isi benar').check()
  await page.getByRole('button', { name: 'Lanjut ke pemeriksaan' }).click()

  // Step 3: everything read-only, with the warning, then one confirmation.
  await expect(page.getByText('Data yang sudah disimpan tidak dapat diubah.')).toBeVisible()
  const summary = page.getByRole('region', { name: 'Data identitas' })
  await expect(summary).toContainText(dewi.nik)
  await expect(summary).toContainText(dewi.kk)
  await expect(summary).toContainText('Perempuan')
  await expect(summary).toContainText(email)
  await expect(page.getByRole('img', { name: 'Foto KTP yang Anda unggah' })).toBeVisible()
  await page.getByRole('button', { name: 'Simpan dan buat akun' }).click()

  await expect(page.getByRole('heading', { name: 'Akun berhasil dibuat' })).toBeVisible()
  await expect(page.getByText(`Kami telah mengirim tautan verifikasi ke ${email}.`)).toBeVisible()

  // The Kartu Informasi Akun downloads as a PDF.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Unduh Kartu Informasi Akun (PDF)' }).click(),
  ])
  const pdf = fs.readFileSync((await download.path())!)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(download.suggestedFilename()).toMatch(/^kartu-informasi-akun-.*\.pdf$/)

  // The e-mailed link verifies the address.
  const mail = await waitForMail(email, /Verifikasi alamat surel/)
  await visit(page, linkFrom(mail, '/verifikasi-email?token='))
  await expect(page.getByText('Alamat surel berhasil diverifikasi.')).toBeVisible()

  // The account page shows the identity read-only: there is nothing to edit it with.
  await visit(page, '/akun')
  const identity = page.getByRole('region', { name: 'Data identitas pelamar' })
  await expect(identity).toContainText('tidak dapat diubah')
  await expect(identity).toContainText(dewi.nik)
  await expect(identity.getByRole('textbox')).toHaveCount(0)
  await expect(page.getByText('Alamat surel Anda belum diverifikasi.')).toHaveCount(0)

  // A second registration with the same NIK in the same period is refused.
  await signOut(page)
  await visit(page, '/daftar-akun')
  await fillIdentity(page, dewi, `dewi.lagi.${unique()}@pelamar.test`)
  await expect(
    page.getByText('NIK sudah digunakan oleh akun lain. Hubungi helpdesk SSCASN dengan swafoto memegang KTP.'),
  ).toBeVisible()

  // Without access to her e-mail she resets the password with NIK, KK, birth date and a security
  // answer (domain.md §1 A.5); a wrong answer is refused without saying which part was wrong.
  await visit(page, '/lupa-sandi')
  await page.getByRole('link', { name: /Tidak dapat membuka surel/ }).click()
  await expect(page.getByRole('heading', { name: 'Atur ulang kata sandi tanpa surel' })).toBeVisible()
  await page.getByLabel(/^NIK/).fill(dewi.nik)
  await page.getByLabel(/^Nomor KK/).fill(dewi.kk)
  await page.getByLabel('Tanggal lahir').fill(dewi.tanggal_lahir)
  await page.getByLabel('Pertanyaan keamanan').selectOption({ label: 'Apa nama sekolah dasar Anda?' })
  await page.getByLabel('Jawaban').fill('SD Negeri 5')
  await page.getByRole('button', { name: 'Atur ulang kata sandi' }).click()
  await expect(page.getByText('Data tidak cocok dengan akun mana pun, atau jawaban salah.')).toBeVisible()
  await page.getByLabel('Jawaban').fill('sdn 01 menteng')
  await page.getByRole('button', { name: 'Atur ulang kata sandi' }).click()
  await expect(page.getByRole('heading', { name: 'Buat kata sandi baru' })).toBeVisible()
  const newPassword = 'Lebih-Kuat-2027'
  await page.getByLabel(/^Kata sandi baru/).fill(newPassword)
  await page.getByLabel('Ulangi kata sandi baru').fill(newPassword)
  await page.getByRole('button', { name: 'Simpan kata sandi' }).click()
  await expect(page.getByText('Kata sandi berhasil diubah. Silakan masuk dengan kata sandi baru.')).toBeVisible()
  await waitForMail(email, /pertanyaan keamanan/)
  await signIn(page, email, newPassword)
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible()
})

test('wrong identities and unacceptable photos are refused with the reason', async ({ page }) => {
  const bayu = resident('Bayu Nugroho')
  await visit(page, '/daftar-akun')

  // Structurally valid but not a resident: sent to Dukcapil.
  await fillIdentity(page, { ...bayu, nama: 'Bayu Nugraha' }, `bayu.${unique()}@pelamar.test`)
  await expect(
    page.getByText('NIK tidak ditemukan / data tidak sesuai dengan data kependudukan. Hubungi Dukcapil (Halo Dukcapil 1500537) untuk memastikan data Anda.'),
  ).toBeVisible()

  await page.getByLabel('Nama lengkap tanpa gelar').fill(bayu.nama)
  await page.getByRole('button', { name: 'Periksa dan lanjutkan' }).click()
  await expect(page.getByRole('heading', { name: 'Buat akun pelamar' })).toBeVisible()
  await expect(page.getByLabel('Foto KTP')).toBeVisible()

  // A photo over 200 KB, and a PDF renamed .jpg.
  await page.getByLabel(/^Kata sandi/).fill(PASSWORD)
  await page.getByLabel('Ulangi kata sandi').fill(PASSWORD)
  await fillSecurityQuestions(page)
  await page.getByLabel('Foto KTP').setInputFiles({ name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([JPG, Buffer.alloc(201 * 1024)]) })
  await page.getByLabel('Swafoto').setInputFiles({ name: 'swafoto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') })
  await page.getByLabel('Saya menyatakan bahwa data yang saya isi benar').check()
  await page.getByRole('button', { name: 'Lanjut ke pemeriksaan' }).click()
  await expect(page.getByText('Ukuran berkas melebihi 200 KB.')).toBeVisible()
  await expect(page.getByText('Berkas harus berformat JPG. Isi berkas yang diperiksa, bukan nama berkasnya.')).toBeVisible()
  await expect(page.getByText('Data yang sudah disimpan tidak dapat diubah.')).toHaveCount(0)
})
