import { test, expect, signIn, signOut, waitForMail, linkFrom, visit } from './fixtures'

const NEW_PASSWORD = 'Kuat-Sekali-2026'

// These journeys invite, activate and sign in several accounts (an argon2id hash and an axe scan
// per page each): on a slow, busy CI machine they need more than the default minute.
test.setTimeout(120_000)

/** Invites a fresh staff account as the national admin and activates it; returns its e-mail. */
async function inviteAndActivate(page: import('@playwright/test').Page, label: string) {
  const email = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@instansi.test`
  await signIn(page, 'nasional@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Staf & peran' }).click()
  const invite = page.getByRole('region', { name: 'Undang staf' })
  await invite.getByRole('textbox', { name: 'Nama' }).fill('Rina Verifikator')
  await invite.getByRole('textbox', { name: 'Surel' }).fill(email)
  await invite.getByRole('combobox', { name: 'Peran' }).selectOption({ label: 'Verifikator' })
  await invite.getByRole('combobox', { name: 'Instansi' }).selectOption({ label: 'Kementerian Kesehatan (KEMENKES)' })
  await page.getByRole('button', { name: 'Kirim undangan' }).click()
  await expect(page.getByText(`Undangan terkirim ke ${email}.`)).toBeVisible()
  await signOut(page)

  // The invitation arrives through the real SMTP server; its link activates the account.
  const mail = await waitForMail(email, /undangan|Undangan/)
  await visit(page, linkFrom(mail, '/undangan?token='))
  await expect(page.getByRole('heading', { name: 'Aktifkan akun staf' })).toBeVisible()
  await page.getByLabel(/^Kata sandi baru/).fill('pendek')
  await page.getByLabel('Ulangi kata sandi baru').fill('pendek')
  await page.getByRole('button', { name: 'Aktifkan akun' }).click()
  await expect(page.getByText('Kata sandi minimal 10 karakter.')).toBeVisible()
  await page.getByLabel(/^Kata sandi baru/).fill(NEW_PASSWORD)
  await page.getByLabel('Ulangi kata sandi baru').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Aktifkan akun' }).click()
  await expect(page.getByText('Kata sandi berhasil diubah.')).toBeVisible()
  return email
}

test('staff invitation by e-mail, activation, and the new role on the dashboard', async ({ page }) => {
  const email = await inviteAndActivate(page, 'undangan')
  await signIn(page, email, NEW_PASSWORD)
  await expect(page.getByRole('region', { name: 'Peran Anda' })).toContainText('Verifikator — untuk Kementerian Kesehatan')
})

test('password reset by e-mailed link ends old sessions and the link works once', async ({ page, browser }) => {
  const email = await inviteAndActivate(page, 'reset')
  // A second device is signed in before the reset.
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await signIn(otherPage, email, NEW_PASSWORD)
  await expect(otherPage).toHaveURL(/\/dasbor$/)

  // Hydrated first: an address typed before React hydrates the page is lost (CI once posted it empty).
  await visit(page, '/masuk')
  await page.getByRole('link', { name: 'Lupa kata sandi?' }).click()
  await expect(page.getByRole('heading', { name: 'Lupa kata sandi', level: 1 })).toBeVisible()
  await page.getByLabel('Alamat surel').fill(email)
  await page.getByRole('button', { name: 'Kirim tautan' }).click()
  await expect(page.getByText(/tautan atur ulang kata sandi telah dikirim/)).toBeVisible()

  const mail = await waitForMail(email, /kata sandi/i)
  const link = linkFrom(mail, '/sandi-baru?token=')
  await visit(page, link)
  await page.getByLabel(/^Kata sandi baru/).fill('Sandi-Baru-2027')
  await page.getByLabel('Ulangi kata sandi baru').fill('Sandi-Baru-2027')
  await page.getByRole('button', { name: 'Simpan kata sandi' }).click()
  await expect(page.getByText('Kata sandi berhasil diubah.')).toBeVisible()

  await page.goto(link)
  await expect(page.getByText('Tautan tidak sah atau sudah kedaluwarsa.')).toBeVisible()

  await otherPage.reload()
  await expect(otherPage).toHaveURL(/\/masuk/)
  await other.close()

  await signIn(page, email, NEW_PASSWORD)
  await expect(page.getByText('Alamat surel atau kata sandi salah.')).toBeVisible()
  await signIn(page, email, 'Sandi-Baru-2027')
  await expect(page).toHaveURL(/\/dasbor$/)
})

test('session list and "sign out everywhere"', async ({ page, browser }) => {
  const email = await inviteAndActivate(page, 'sesi')
  await signIn(page, email, NEW_PASSWORD)
  const other = await browser.newContext({ userAgent: 'PerangkatKedua/1.0' })
  const otherPage = await other.newPage()
  await signIn(otherPage, email, NEW_PASSWORD)

  await page.goto('/akun/sesi')
  const rows = page.getByRole('row')
  await expect(rows.filter({ hasText: 'PerangkatKedua/1.0' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Perangkat ini' })).toHaveCount(1)
  await page.getByRole('button', { name: 'Keluar dari semua perangkat' }).click()
  await expect(page).toHaveURL(/\/masuk/)

  await otherPage.goto('/dasbor')
  await expect(otherPage).toHaveURL(/\/masuk/)
  await other.close()
})

test('five wrong passwords lock the account for a while, even against the right password', async ({ page }) => {
  const email = await inviteAndActivate(page, 'kunci')
  for (let i = 0; i < 4; i++) {
    await signIn(page, email, 'salah-sandi-123')
    await expect(page.getByText('Alamat surel atau kata sandi salah.')).toBeVisible()
  }
  await signIn(page, email, 'salah-sandi-123')
  await expect(page.getByText(/Akun dikunci sementara.*WIB/)).toBeVisible()
  await signIn(page, email, NEW_PASSWORD)
  await expect(page.getByText(/Akun dikunci sementara/)).toBeVisible()
})

test('the language toggle switches the interface to English and back', async ({ page }) => {
  await page.goto('/masuk')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click()
  await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible()
})

test('the national admin verifies the audit chain, which records these sign-ins', async ({ page }) => {
  await signIn(page, 'nasional@demo.test')
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Log audit' }).click()
  await expect(page.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Verifikasi rantai hash' }).click()
  await expect(page.getByText(/Rantai utuh: \d+ baris/)).toBeVisible()
})

test('health endpoints answer', async ({ request }) => {
  expect((await request.get('/healthz')).status()).toBe(200)
  const ready = await request.get('/readyz')
  expect(ready.status()).toBe(200)
  expect(await ready.json()).toMatchObject({ ok: true, database: { ok: true }, queue: { ok: true, backend: 'redis' } })
})

test('a form posted from another site is refused (CSRF)', async ({ request }) => {
  const response = await request.post('/keluar', { headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } })
  expect(response.status()).toBe(403)
})

test('the sign-in form says what is missing, then signs in once it is filled', async ({ page }) => {
  await visit(page, '/masuk')
  await page.getByRole('button', { name: 'Masuk' }).click()
  await expect(page.getByText('Wajib diisi.').first()).toBeVisible()
  await page.getByLabel('Alamat surel').fill('panitia@demo.test')
  await page.getByLabel('Kata sandi').fill(process.env.DEMO_PASSWORD ?? 'Demo#Portal2026')
  await page.getByRole('button', { name: 'Masuk' }).click()
  await expect(page).toHaveURL(/\/dasbor$/)
})
