import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { admissionControl } from './app'
import { AdmissionController } from './admission'
import { BodyPreReader } from './pre-read-body'

/**
 * ADR 024 addendum: an expensive request's body is received before it waits for a slot, so an
 * applicant uploading over a slow link does not hold one of the process's expensive slots while
 * the bytes trickle in.
 */
describe('expensive bodies are read before the admission slot', () => {
  let server: http.Server
  let port: number
  const preReader = new BodyPreReader({ maxBodyBytes: 64 * 1024, budgetBytes: 100 * 1024 })

  beforeAll(async () => {
    const controller = new AdmissionController({
      maxInFlight: 2,
      maxExpensiveInFlight: 1,
      reservedForPages: 0,
      maxQueued: { page: 10, normal: 10, expensive: 10 },
      maxWaitMs: { page: 5_000, normal: 5_000, expensive: 5_000 },
      retryAfterSeconds: 3,
      workCpuBudget: 1,
      saturatedCpu: 1,
    })
    const app = express()
    app.use(admissionControl(controller, undefined, preReader))
    // Stands in for the upload step: reports what reached it.
    app.post('/lamaran/dokumen', (_req, res) => {
      const body = res.locals.preReadBody as Buffer | undefined
      res.json({ preRead: body !== undefined, bytes: body?.length ?? null, sha: body ? body.toString('latin1').slice(0, 8) : null })
    })
    server = http.createServer(app)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  /** A POST whose body is sent in two halves with the caller deciding when the second goes. */
  function slowUpload(size: number) {
    const body = Buffer.alloc(size, 'a')
    const req = http.request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      path: '/lamaran/dokumen',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(size), cookie: '__session=s' },
    })
    const response = new Promise<{ status: number; json: any }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode!, json: text.startsWith('{') ? JSON.parse(text) : text }))
      })
      req.on('error', reject)
    })
    req.write(body.subarray(0, size / 2))
    return { response, finish: () => req.end(body.subarray(size / 2)) }
  }

  const fastUpload = (size: number) =>
    fetch(`http://127.0.0.1:${port}/lamaran/dokumen`, {
      method: 'POST',
      body: Buffer.alloc(size, 'b'),
      headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: '__session=s' },
    })

  test('a slow upload in progress does not block another upload (one expensive slot)', async () => {
    const slow = slowUpload(20_000)
    // While the slow body is half sent, a complete upload is served at once with its whole body.
    const fast = await fastUpload(10_000)
    expect(fast.status).toBe(200)
    expect(await fast.json()).toEqual({ preRead: true, bytes: 10_000, sha: 'bbbbbbbb' })
    expect(preReader.heldBytes).toBe(20_000) // the slow one's reservation only
    slow.finish()
    expect(await slow.response).toEqual({ status: 200, json: { preRead: true, bytes: 20_000, sha: 'aaaaaaaa' } })
    await vi.waitFor(() => expect(preReader.heldBytes).toBe(0))
  })

  test('a body declared larger than the limit is left to the route (not buffered)', async () => {
    const res = await fastUpload(70 * 1024)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ preRead: false })
  })

  test('when the process already holds its budget of bodies, another upload gets 503', async () => {
    const a = slowUpload(60 * 1024)
    await vi.waitFor(() => expect(preReader.heldBytes).toBe(60 * 1024))
    const refused = await fastUpload(50 * 1024)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('3')
    a.finish()
    expect((await a.response).status).toBe(200)
    await vi.waitFor(() => expect(preReader.heldBytes).toBe(0))
  })
})
