import { test, expect, signIn } from './fixtures'

/**
 * Issue 3 "Done when": a browser test signs in as each demo role and sees only what that role may
 * see — in the menu, on the dashboard, and when typing an admin URL directly.
 */
const ADMIN_PAGES = [
  { url: '/admin/staf', menu: 'Staf & peran' },
  { url: '/admin/audit', menu: 'Log audit' },
  { url: '/admin/outbox', menu: 'Surel keluar' },
  { url: '/admin/antrean', menu: 'Antrean tugas' },
]

const ROLES = [
  { email: 'nasional@demo.test', role: 'Admin nasional (Panselnas)', scope: null, task: 'Mengatur periode seleksi nasional', admin: ['/admin/staf', '/admin/audit', '/admin/outbox', '/admin/antrean'] },
  { email: 'instansi@demo.test', role: 'Admin instansi', scope: 'Kementerian Hukum', task: 'Mengatur formasi instansi sendiri', admin: ['/admin/staf'] },
  { email: 'verifikator@demo.test', role: 'Verifikator', scope: 'Kementerian Hukum', task: 'Memverifikasi dokumen pelamar instansi sendiri (MS/TMS)', admin: [] },
  { email: 'proktor@demo.test', role: 'Pengawas ujian (proktor)', scope: 'Kementerian Hukum', task: 'Mengawasi sesi ujian CAT', admin: [] },
  { email: 'asesor@demo.test', role: 'Asesor independen', scope: 'Universitas Gadjah Mada', task: 'Menilai peserta yang ditugaskan (hanya kode peserta)', admin: [] },
  { email: 'panitia@demo.test', role: 'Panitia seleksi', scope: null, task: 'Menyusun dan menyetujui pemeringkatan', admin: [] },
  { email: 'kampus@demo.test', role: 'PIC perguruan tinggi', scope: 'Universitas Indonesia', task: 'Mengelola mahasiswa magang perguruan tinggi sendiri', admin: [] },
  { email: 'mentor@demo.test', role: 'Mentor magang', scope: 'Kementerian Kesehatan', task: 'Membimbing peserta magang di instansi', admin: [] },
  { email: 'pelamar@demo.test', role: 'Pelamar', scope: null, task: 'Melamar formasi pada periode seleksi', admin: [] },
]

for (const r of ROLES) {
  test(`${r.email} sees what a ${r.role} may see, and nothing else`, async ({ page }) => {
    await signIn(page, r.email)
    await expect(page).toHaveURL(/\/dasbor$/)
    await expect(page.getByRole('heading', { name: 'Dasbor' })).toBeVisible()

    const roles = page.getByRole('region', { name: 'Peran Anda' })
    await expect(roles.getByText(r.role, { exact: true })).toBeVisible()
    if (r.scope) await expect(roles).toContainText(`untuk ${r.scope}`)
    await expect(page.getByRole('region', { name: 'Yang dapat Anda lakukan' })).toContainText(r.task)

    const menu = page.getByRole('navigation', { name: 'Menu utama' })
    for (const adminPage of ADMIN_PAGES) {
      const link = menu.getByRole('link', { name: adminPage.menu })
      if (r.admin.includes(adminPage.url)) {
        await expect(link).toBeVisible()
      } else {
        await expect(link).toHaveCount(0)
        // Hidden is not enough: the server refuses the URL too.
        const response = await page.goto(adminPage.url)
        expect(response?.status()).toBe(403)
        await expect(page.getByRole('heading', { name: 'Akses ditolak' })).toBeVisible()
      }
    }
    for (const url of r.admin) {
      const response = await page.goto(url)
      expect(response?.status()).toBe(200)
    }
  })
}

test('a visitor who is not signed in is sent to the sign-in page, then back', async ({ page }) => {
  await page.goto('/admin/audit')
  await expect(page).toHaveURL(/\/masuk\?redirectTo=%2Fadmin%2Faudit/)
  await page.getByLabel('Alamat surel').fill('nasional@demo.test')
  await page.getByLabel('Kata sandi').fill(process.env.DEMO_PASSWORD ?? 'Demo#Portal2026')
  await page.getByRole('button', { name: 'Masuk' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(page.getByRole('heading', { name: 'Log audit' })).toBeVisible()
})

test('demo data is clearly marked on every page', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByText('Data demo — bukan data seleksi sebenarnya.')).toBeVisible()
  await expect(page.getByText('Seleksi CASN 2026 — Demo')).toBeVisible()
})
