import crypto from 'node:crypto'
import pg from 'pg'
import type { Browser, Page } from '@playwright/test'
import { test, expect, signIn, signOut, visit, waitForMail, linkFrom } from './fixtures'

/**
 * Issue 5 "Done when": a verifier marks one document TMS, the applicant sees the reason, objects,
 * the panel accepts, the applicant is MS in the post-objection announcement; a second objection is
 * refused; a verifier of another agency cannot open the application (by URL either); the
 * objection window closes on the server's clock.
 *
 * Demo data (prisma/demo/verification-seed.ts) has three finalised applications to "Pranata
 * Komputer Ahli Pertama" at Kementerian Hukum: Asep Hermawan (pelamar2), Ridwan Kurniawan
 * (pelamar3) and Wahyu Utomo (pelamar4). The demo schedule puts the announcement weeks ahead, so
 * the test opens the ADMIN_ANNOUNCEMENT window in the database (as Panselnas would by moving the
 * schedule) and later ends the sanggah by moving its close into the past: the server's clock,
 * not the browser, then refuses the late objection. Both are restored at the end.
 */
const POSITION = 'Pranata Komputer Ahli Pertama'
const PLAN: Record<string, 'MS' | { code: string; label: RegExp }> = {
  'Asep Hermawan': 'MS',
  'Ridwan Kurniawan': { code: 'IJAZAH', label: /^Ijazah/ },
  'Wahyu Utomo': { code: 'TRANSKRIP', label: /^Transkrip/ },
}
const OBJECTION = 'Ijazah saya terbaca jelas pada halaman pertama dan kedua; mohon diperiksa kembali oleh panitia.'

test.describe.configure({ mode: 'serial' })

async function db<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
  await client.connect()
  try {
    return (await client.query<T>(sql, params)).rows
  } finally {
    await client.end()
  }
}

async function asUser(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, email, password)
  await expect(page).toHaveURL(/\/dasbor$/)
  return page
}

/** A verifier of Kementerian Kesehatan, invited by the national admin and activated by e-mail. */
async function otherAgencyVerifier(page: Page) {
  const email = `verif-kemenkes-${Date.now()}@instansi.test`
  await signIn(page, 'nasional@demo.test')
  await visit(page, '/admin/staf')
  const invite = page.getByRole('region', { name: 'Undang staf' })
  await invite.getByRole('textbox', { name: 'Nama' }).fill('Verifikator Kemenkes')
  await invite.getByRole('textbox', { name: 'Surel' }).fill(email)
  await invite.getByRole('combobox', { name: 'Peran' }).selectOption({ label: 'Verifikator' })
  await invite.getByRole('combobox', { name: 'Instansi' }).selectOption({ label: 'Kementerian Kesehatan (KEMENKES)' })
  await page.getByRole('button', { name: 'Kirim undangan' }).click()
  await expect(page.getByText(`Undangan terkirim ke ${email}.`)).toBeVisible()
  await signOut(page)
  await visit(page, linkFrom(await waitForMail(email, /undangan|Undangan/), '/undangan?token='))
  await page.getByLabel(/^Kata sandi baru/).fill('Kuat-Sekali-2026')
  await page.getByLabel('Ulangi kata sandi baru').fill('Kuat-Sekali-2026')
  await page.getByRole('button', { name: 'Aktifkan akun' }).click()
  await expect(page.getByText('Kata sandi berhasil diubah.')).toBeVisible()
  return email
}

test('verification, announcement, one sanggah, the panel and the post-sanggah announcement', async ({ page, browser }) => {
  test.setTimeout(180_000)
  const [period] = await db<{ id: string }>(`SELECT id FROM "SelectionPeriod" WHERE code = 'CASN-2026-DEMO'`)
  const [announcementWindow] = await db<{ opensAt: Date }>(
    `SELECT "opensAt" FROM "ScheduleWindow" WHERE "periodId" = $1 AND kind = 'ADMIN_ANNOUNCEMENT'`,
    [period!.id],
  )
  try {
    // ── The agency admin turns the second-verifier sample off for this walk-through, and sees progress ──
    const admin = await asUser(browser, 'instansi@demo.test')
    await visit(admin, '/instansi/verifikasi')
    await admin.getByLabel(/^Sampel verifikasi kedua/).fill('0')
    await admin.getByRole('button', { name: 'Simpan pengaturan' }).click()
    await expect(admin.getByText('Pengaturan verifikasi disimpan.')).toBeVisible()
    // By its code too: the formation browser test may publish another position with the same name.
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: `${POSITION} (PRANATA-KOMPUTER-AP)` }) })
    await expect(row).toContainText('0 dari 3 (0 %)')
    await expect(row.getByRole('progressbar', { name: `Kemajuan verifikasi ${POSITION}` })).toHaveAttribute('value', '0')

    // ── The verifier works the queue for the position ──
    const verifier = await asUser(browser, 'verifikator@demo.test')
    const caseUrls: Record<string, string> = {}
    for (let i = 0; i < 3; i++) {
      await visit(verifier, '/verifikasi')
      await verifier.getByLabel('Jabatan').selectOption({ label: `${POSITION} (PRANATA-KOMPUTER-AP) — Seleksi CASN 2026 — Demo` })
      await verifier.getByRole('button', { name: 'Ambil berkas berikutnya' }).click()
      await expect(verifier.getByRole('heading', { level: 1, name: /^Verifikasi berkas / })).toBeVisible()
      const name = (await verifier.getByRole('region', { name: 'Data pelamar' }).getByRole('definition').first().textContent())!.trim()
      caseUrls[name] = new URL(verifier.url()).pathname
      const plan = PLAN[name]
      expect(plan, `unexpected applicant ${name}`).toBeDefined()
      // The document opens beside its rule, for this agency's verifier.
      const ijazah = verifier.getByRole('group', { name: /^Ijazah/ })
      await expect(ijazah).toContainText('Ketentuan: PDF, maks. 800 KB.')
      const href = await ijazah.getByRole('link', { name: /^Buka dokumen/ }).getAttribute('href')
      const file = await verifier.request.get(href!)
      expect(file.status()).toBe(200)
      expect(file.headers()['content-type']).toBe('application/pdf')
      if (plan !== 'MS') {
        const group = verifier.getByRole('group', { name: plan.label })
        await group.getByRole('radio', { name: 'TMS' }).check()
        await group.getByLabel('Alasan TMS').selectOption({ label: 'Dokumen tidak terbaca / buram' })
        await group.getByLabel('Keterangan').fill('Halaman kedua buram')
      }
      await verifier.getByRole('button', { name: 'Simpan hasil verifikasi' }).click()
      await expect(verifier).toHaveURL(/\/verifikasi\?selesai=DONE$/)
    }
    expect(Object.keys(caseUrls).sort()).toEqual(Object.keys(PLAN).sort())

    // ── A verifier of another agency gets "not found", by URL too, for the case and its document ──
    const strangerPage = await (await browser.newContext()).newPage()
    const strangerEmail = await otherAgencyVerifier(strangerPage)
    await signIn(strangerPage, strangerEmail, 'Kuat-Sekali-2026')
    const caseResponse = await strangerPage.goto(caseUrls['Ridwan Kurniawan']!)
    expect(caseResponse?.status()).toBe(404)
    await expect(strangerPage.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible()
    const [document] = await db<{ id: string }>(
      `SELECT d.id FROM "ApplicationDocument" d JOIN "Application" a ON a.id = d."applicationId" JOIN "User" u ON u.id = a."userId"
       WHERE u.email = 'pelamar3@demo.test' AND d.code = 'IJAZAH' AND d."replacedAt" IS NULL`,
    )
    expect((await strangerPage.request.get(`/verifikasi/dokumen/${document!.id}`)).status()).toBe(404)
    expect((await verifier.request.get(`/verifikasi/dokumen/${document!.id}`)).status()).toBe(200)

    // ── Before the announcement the applicant sees no result ──
    const ridwan = await asUser(browser, 'pelamar3@demo.test')
    await visit(ridwan, '/lamaran')
    await expect(ridwan.getByRole('region', { name: 'Hasil seleksi administrasi' })).toHaveCount(0)

    // ── The agency announces the frozen list (inside the announcement window) ──
    await db(`UPDATE "ScheduleWindow" SET "opensAt" = now() - interval '1 hour' WHERE "periodId" = $1 AND kind = 'ADMIN_ANNOUNCEMENT'`, [period!.id])
    await visit(admin, '/instansi/verifikasi')
    await expect(row).toContainText('3 dari 3 (100 %)')
    await row.getByRole('button', { name: `Umumkan hasil ${POSITION}` }).click()
    await expect(admin.getByRole('heading', { level: 1, name: 'Pengumuman Hasil Seleksi Administrasi' })).toBeVisible()
    const hash = (await admin.getByTestId('content-hash').textContent())!.trim()
    const csv = await admin.request.get(await admin.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href').then((h) => h!))
    expect(crypto.createHash('sha256').update(await csv.body()).digest('hex')).toBe(hash)
    const pdf = await admin.request.get((await admin.getByRole('link', { name: 'Unduh PDF' }).getAttribute('href'))!)
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
    const list = admin.getByRole('table', { name: 'Daftar hasil' })
    await expect(list.getByRole('row').filter({ hasText: 'Ridwan Kurniawan' })).toContainText('TMS')
    await expect(list.getByRole('row').filter({ hasText: 'Ridwan Kurniawan' })).toContainText('Dokumen tidak terbaca / buram — Halaman kedua buram')
    await expect(list.getByRole('row').filter({ hasText: 'Asep Hermawan' })).toContainText('MS')

    // ── The applicant sees TMS with the reason (and gets an e-mail), and objects once ──
    await waitForMail('pelamar3@demo.test', /Perubahan status/)
    await visit(ridwan, '/lamaran')
    const result = ridwan.getByRole('region', { name: 'Hasil seleksi administrasi' })
    await expect(result).toContainText('Tidak Memenuhi Syarat (TMS)')
    await expect(result).toContainText('Dokumen tidak terbaca / buram — Halaman kedua buram')
    await result.getByRole('link', { name: 'Ajukan Sanggah' }).click()
    await expect(ridwan.getByRole('heading', { level: 1, name: 'Ajukan Sanggah' })).toBeVisible()
    await expect(ridwan.getByRole('region', { name: 'Persyaratan yang tidak terpenuhi' })).toContainText('Halaman kedua buram')
    await expect(ridwan.getByRole('region', { name: 'Dokumen yang Anda unggah' }).getByRole('link')).toHaveCount(6)
    await expect(ridwan.locator('input[type=file]')).toHaveCount(0)
    // A second tab with the same form, to try a second objection afterwards.
    const secondTab = await ridwan.context().newPage()
    await visit(secondTab, '/lamaran/sanggah')
    await ridwan.getByLabel(/^Alasan sanggah/).fill(OBJECTION)
    await ridwan.getByLabel(/Saya menyatakan alasan sanggah ini benar/).check()
    await ridwan.getByRole('button', { name: 'Akhiri Proses Sanggah' }).click()
    await expect(ridwan.getByRole('region', { name: 'Hasil seleksi administrasi' })).toContainText('Sanggah sedang diperiksa')
    await secondTab.getByLabel(/^Alasan sanggah/).fill(`${OBJECTION} (kedua)`)
    await secondTab.getByLabel(/Saya menyatakan alasan sanggah ini benar/).check()
    await secondTab.getByRole('button', { name: 'Akhiri Proses Sanggah' }).click()
    await expect(secondTab.getByText('Anda sudah mengajukan sanggah. Sanggah hanya dapat diajukan satu kali.')).toBeVisible()
    await secondTab.close()

    // ── Wahyu opens the form, but the sanggah closes (server clock) before he submits ──
    const wahyu = await asUser(browser, 'pelamar4@demo.test')
    await visit(wahyu, '/lamaran/sanggah')
    await wahyu.getByLabel(/^Alasan sanggah/).fill('Transkrip saya lengkap dan terbaca; mohon diperiksa kembali oleh panitia.')
    await wahyu.getByLabel(/Saya menyatakan alasan sanggah ini benar/).check()
    await db(
      `UPDATE "Announcement" SET "objectionClosesAt" = now() - interval '1 second' WHERE "positionId" IN (SELECT id FROM "Position" WHERE code = 'PRANATA-KOMPUTER-AP' AND "periodId" = $1) AND kind = 'ADMINISTRATION'`,
      [period!.id],
    )
    await wahyu.getByRole('button', { name: 'Akhiri Proses Sanggah' }).click()
    await expect(wahyu.getByText('Masa sanggah sudah ditutup.')).toBeVisible()
    await visit(wahyu, '/lamaran')
    await expect(wahyu.getByRole('region', { name: 'Hasil seleksi administrasi' })).toContainText('Masa sanggah berakhir')
    await expect(wahyu.getByRole('link', { name: 'Ajukan Sanggah' })).toHaveCount(0)

    // ── The agency panel accepts Ridwan's objection with a reason ──
    await visit(admin, '/instansi/sanggah')
    const objection = admin.getByRole('region', { name: /^Sanggah / }).filter({ hasText: OBJECTION })
    await objection.getByRole('radio', { name: /Terima sanggah/ }).check()
    await objection.getByLabel('Alasan keputusan').fill('Ijazah terbaca jelas setelah diperiksa ulang.')
    await objection.getByRole('button', { name: 'Simpan keputusan' }).click()
    await expect(admin.getByText('Sanggah diterima; pelamar kini MS.')).toBeVisible()

    // ── The post-sanggah announcement lists Ridwan as MS ──
    await visit(admin, '/instansi/verifikasi')
    await row.getByRole('button', { name: `Umumkan hasil pasca sanggah ${POSITION}` }).click()
    await expect(admin.getByRole('heading', { level: 1, name: 'Pengumuman Hasil Seleksi Administrasi Pasca Sanggah' })).toBeVisible()
    const postList = admin.getByRole('table', { name: 'Daftar hasil' })
    await expect(postList.getByRole('row').filter({ hasText: 'Ridwan Kurniawan' }).getByRole('cell').nth(3)).toHaveText('MS')
    await expect(postList.getByRole('row').filter({ hasText: 'Wahyu Utomo' }).getByRole('cell').nth(3)).toHaveText('TMS')

    await visit(ridwan, '/lamaran')
    await expect(ridwan.getByRole('region', { name: 'Hasil seleksi administrasi' })).toContainText('Hasil pasca sanggah: Memenuhi Syarat (MS)')
    // Every step is in the status history.
    const history = ridwan.getByRole('region', { name: 'Riwayat status' })
    await expect(history).toContainText('Sanggah diajukan')
    await expect(history).toContainText('Sanggah diterima: Ijazah terbaca jelas setelah diperiksa ulang.')
  } finally {
    await db(`UPDATE "ScheduleWindow" SET "opensAt" = $2 WHERE "periodId" = $1 AND kind = 'ADMIN_ANNOUNCEMENT'`, [period!.id, announcementWindow!.opensAt])
  }
})
