import http from 'node:http'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'
import express from 'express'
import compression from 'compression'
import { AnonymousPageCache } from './page-cache'

/**
 * The identity form served from memory (ADR 023 addendum 2): rendered once per language, and never
 * for a visitor whose cookies or query could change the page.
 */
describe('anonymous page cache over HTTP', () => {
  let server: http.Server
  let base: string
  let renders: string[] = []
  let t = 0
  let setCookie = false
  const cache = new AnonymousPageCache({ ttlMs: 10_000, paths: new Set(['/daftar-akun']) }, () => t)

  beforeAll(async () => {
    const app = express()
    app.use(compression())
    app.use(cache.middleware())
    // Stands in for Remix behind server/app.ts's handler: renders, offers the answer to the cache.
    app.get('*', async (req, res) => {
      const locale = /lng=en/.test(req.headers.cookie ?? '') ? 'en' : 'id'
      renders.push(`${locale} ${req.originalUrl}`)
      const headers = new Headers({ 'Content-Type': 'text/html; charset=utf-8' })
      if (setCookie) headers.set('Set-Cookie', 'flash=1')
      const response = new Response(`<html lang="${locale}">${'formulir '.repeat(200)}${renders.length}</html>`, { headers })
      const key = res.locals.pageCacheKey as string | undefined
      const stored = key ? await cache.store(key, response) : null
      res.status(response.status)
      for (const [name, value] of response.headers.entries()) res.append(name, value)
      res.end(stored ?? Buffer.from(await response.arrayBuffer()))
    })
    server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  beforeEach(() => {
    renders = []
    t += 60_000 // every test starts with stale entries
    setCookie = false
  })

  const get = (path: string, cookie?: string, encoding = 'gzip') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = { 'Accept-Encoding': encoding }
      if (cookie) headers.Cookie = cookie
      http
        .get(base + path, { headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const raw = Buffer.concat(chunks)
            const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString()
            resolve({ status: res.statusCode!, headers: res.headers, body })
          })
        })
        .on('error', reject)
    })

  test('the form is rendered once per language and then served from memory, compressed or not', async () => {
    const first = await get('/daftar-akun')
    const second = await get('/daftar-akun')
    const plain = await get('/daftar-akun', undefined, 'identity')
    const english = await get('/daftar-akun', 'lng=en')
    const englishAgain = await get('/daftar-akun', 'lng=en')
    expect(renders).toEqual(['id /daftar-akun', 'en /daftar-akun'])
    expect(second.body).toBe(first.body)
    expect(second.headers['content-encoding']).toBe('gzip')
    expect(second.headers['content-type']).toMatch(/text\/html/)
    expect(plain.body).toBe(first.body)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(english.body).toContain('lang="en"')
    expect(englishAgain.body).toBe(english.body)
  })

  test('a visitor whose cookies or query could change the page is always rendered', async () => {
    await get('/daftar-akun')
    await get('/daftar-akun', '__registrasi=sealed')
    await get('/daftar-akun', 'lng=id; __session=abc')
    await get('/daftar-akun?pesan=kedaluwarsa')
    await get('/daftar-akun?_data=routes%2Fdaftar-akun._index')
    await get('/masuk')
    await get('/masuk')
    expect(renders).toEqual([
      'id /daftar-akun',
      'id /daftar-akun',
      'id /daftar-akun',
      'id /daftar-akun?pesan=kedaluwarsa',
      'id /daftar-akun?_data=routes%2Fdaftar-akun._index',
      'id /masuk',
      'id /masuk',
    ])
  })

  test('a copy older than the time to live is rendered again (an opened or closed window shows)', async () => {
    await get('/daftar-akun')
    t += 9_999
    await get('/daftar-akun')
    t += 2
    const fresh = await get('/daftar-akun')
    expect(renders).toHaveLength(2)
    expect(fresh.body).toMatch(/ 2<\/html>$/)
  })

  test('an answer that sets a cookie is never stored', async () => {
    setCookie = true
    await get('/daftar-akun')
    setCookie = false
    await get('/daftar-akun')
    await get('/daftar-akun')
    expect(renders).toHaveLength(2)
  })
})
