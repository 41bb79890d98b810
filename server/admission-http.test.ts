import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { admissionControl } from './app'
import { AdmissionController } from './admission'
import { overloadedPage } from '~/utils/overload-page.server'

/**
 * The admission controller in front of real HTTP handlers (ADR 024): a flood of expensive posts
 * (the account wizard's password + photos step) gets 503 + Retry-After beyond its bounded share,
 * while a signed-in applicant's page is still served at once.
 */
describe('admission control over HTTP', () => {
  let server: http.Server
  let base: string
  let finishHashes: () => void = () => {}
  let hashesRunning = 0

  beforeAll(async () => {
    const controller = new AdmissionController({
      maxInFlight: 4,
      maxExpensiveInFlight: 2,
      reservedForPages: 1,
      maxQueued: { page: 50, normal: 50, expensive: 3 },
      maxWaitMs: { page: 5_000, normal: 5_000, expensive: 5_000 },
      retryAfterSeconds: 4,
      workCpuBudget: 1,
      saturatedCpu: 1,
    })
    const gate = new Promise<void>((resolve) => (finishHashes = resolve))
    const app = express()
    app.use(admissionControl(controller, overloadedPage))
    // Stands in for the hash: holds its slot until the test lets the hashes finish.
    app.post('/daftar-akun/data', async (_req, res) => {
      hashesRunning++
      await gate
      hashesRunning--
      res.redirect(302, '/daftar-akun/periksa')
    })
    app.get('/lamaran', (_req, res) => void res.send('dasbor'))
    app.get('/ujian/tes', (_req, res) => void res.send('ujian'))
    server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    finishHashes()
    await new Promise((r) => server.close(r))
  })

  const post = (query = '', lng = 'id') => {
    const body = new FormData()
    body.set('password', 'Rahasia-Kuat-2026')
    return fetch(`${base}/daftar-akun/data${query}`, { method: 'POST', body, redirect: 'manual', headers: { Cookie: `lng=${lng}; __registrasi=sealed` } })
  }

  test('beyond 2 running + 3 waiting, account posts get 503 with Retry-After; a page is still served', async () => {
    const flood = Array.from({ length: 10 }, () => post())
    const settled: Response[] = []
    for (const p of flood) void p.then((res) => settled.push(res))
    // Five hold their places (two running, three waiting); the other five are answered at once.
    await vi.waitFor(() => expect(settled).toHaveLength(5))
    expect(hashesRunning).toBe(2)
    for (const res of settled) {
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('4')
      const html = await res.text()
      expect(html).toContain('Layanan sedang padat')
      expect(html).toContain('coba lagi dalam 4 detik')
      expect(html).toContain('tetap tersimpan')
      expect(html).toContain('href="/daftar-akun/data"')
    }

    const t0 = performance.now()
    const page = await fetch(`${base}/lamaran`, { headers: { Cookie: '__session=signed' } })
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('dasbor')
    expect(performance.now() - t0).toBeLessThan(1_000)
    expect((await fetch(`${base}/ujian/tes`)).status).toBe(200)

    // A Remix data request gets a caught response its error boundary can show, in English here.
    const data = await post('?_data=routes%2Fdaftar-akun.data', 'en')
    expect(data.status).toBe(503)
    expect(data.headers.get('x-remix-catch')).toBe('yes')
    expect(await data.json()).toMatch(/^Too many requests are being processed\. Please try again in 4 seconds\./)

    finishHashes()
    const all = await Promise.all(flood)
    expect(all.filter((r) => r.status === 302)).toHaveLength(5)
    expect(all.filter((r) => r.status === 503)).toHaveLength(5)
  })
})
