import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { examHotPathListener, type ExamHotPath } from './exam-hot-path'

/** The raw-request front of the exam's hot endpoints (ADR 014 addendum): HTTP only, rules elsewhere. */
const calls: { route: string; body?: unknown; cookie?: string | null }[] = []
const hot: ExamHotPath = {
  save: async (r) => (calls.push({ route: 'save', body: r.body, cookie: r.cookie }), { status: 200, json: { ok: true, acked: [1] }, headers: { 'Cache-Control': 'no-store' } }),
  start: async (r) => (calls.push({ route: 'start', body: r.body }), { status: 200, json: { ok: true }, headers: {} }),
  bundle: async () => ({ status: 200, raw: { body: '{"versions":{}}' }, headers: { 'Cache-Control': 'private, max-age=31536000, immutable' } }),
}
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer(
    examHotPathListener(hot, (_req, res) => res.end('remix'), () => '10.0.0.9'),
  )
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((r) => server.close(r)))

test('a save reaches the hot path with its cookie and body, with the portal security headers', async () => {
  const response = await fetch(`${base}/ujian/api/simpan`, { method: 'POST', headers: { Cookie: '__ujian=a.b', 'Sec-Fetch-Site': 'same-origin' }, body: JSON.stringify({ attemptId: 'a', seq: 1 }) })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ ok: true, acked: [1] })
  expect(response.headers.get('x-frame-options')).toBe('DENY')
  expect(calls.at(-1)).toEqual({ route: 'save', body: { attemptId: 'a', seq: 1 }, cookie: '__ujian=a.b' })
})

test('a cross-site save is refused before the hot path (the CSRF rule of ADR 005)', async () => {
  const before = calls.length
  const response = await fetch(`${base}/ujian/api/simpan`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site' }, body: '{}' })
  expect(response.status).toBe(403)
  expect(await response.text()).toMatch(/CSRF/)
  expect(calls.length).toBe(before)
})

test('a body that is not JSON is a 400 "invalid"; other paths and methods go on to Express/Remix', async () => {
  const bad = await fetch(`${base}/ujian/api/simpan`, { method: 'POST', body: '{not json' })
  expect(bad.status).toBe(400)
  expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid' })
  expect(await (await fetch(`${base}/ujian/tes`)).text()).toBe('remix')
  expect(await (await fetch(`${base}/ujian/api/simpan`)).text()).toBe('remix')
})

test('the bundle is served with its immutable cache header', async () => {
  const response = await fetch(`${base}/ujian/api/paket/abc.def`)
  expect(response.headers.get('cache-control')).toContain('immutable')
  expect(await response.json()).toEqual({ versions: {} })
})
