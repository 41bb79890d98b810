import http from 'node:http'
import crypto from 'node:crypto'
import os from 'node:os'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { rawHttp } from './lib/raw-http.ts'
import { cpuShare, sampleCpu, type CpuGroups } from './lib/proc-cpu.ts'
import { SECURITY_HEADERS } from '../server/app.ts'

/**
 * The floor under the exam start on this machine (ADR 014 addendum "starts, second pass"): the same
 * two HTTP exchanges per candidate as `bench:exam`'s start phase — POST /ujian/api/mulai answered
 * with a start-sized JSON body, then GET of a bundle-sized gzip body — from the same raw-socket
 * generator with the same number of sockets, against a bare Node server that does nothing else
 * (no database, no checks, the body bytes prepared in advance, the hot path's headers). Whatever
 * CPU this costs per start, the portal cannot go below it with Node's HTTP server on loopback.
 *
 * `npm run bench:http-floor` (under the heavy lock); BENCH_N (5,000), BENCH_CONNECTIONS (512).
 */
const N = Number(process.env.BENCH_N ?? 5000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 512)
/** A start answer: ~0.6 KB of view and ids plus the 4.4 KB item text (measured on the bench's). */
const START_BYTES = 5_000
/** A bundle: ~10 KB of gzip (measured on the bench's). */
const BUNDLE_BYTES = 10_200

if (process.argv[2] === 'server') serve()
else await main()

function serve() {
  const start = JSON.stringify({ ok: true, items: 'x'.repeat(START_BYTES - 20) })
  const bundle = crypto.randomBytes(BUNDLE_BYTES)
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'))
        res.writeHead(200, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(start) })
        res.end(start)
      })
      return
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Content-Type': 'application/json; charset=utf-8',
      Vary: 'Accept-Encoding, Cookie',
      'Content-Encoding': 'gzip',
    })
    res.end(bundle)
  })
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port))
}

async function main() {
  console.log(`Load average at start: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}`)
  const child = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: ['--import', 'tsx'] })
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))))
  const raw = rawHttp(`http://127.0.0.1:${port}`, CONNECTIONS)
  const cookies = Array.from({ length: N }, (_, i) => `__ujian=bench-${i}.${crypto.randomBytes(12).toString('base64url')}`)
  const body = Buffer.from(JSON.stringify({ agreed: true }))
  const heads = cookies.map((c) => raw.head('POST', '/ujian/api/mulai', { Cookie: c, 'Content-Type': 'application/json', 'User-Agent': 'bench-exam' }, body.length))
  const groups: CpuGroups = { server: { pids: () => [child.pid!], tree: false }, bench: { pids: () => [process.pid], tree: false } }
  const before = sampleCpu(groups)
  const release = Date.now()
  const done: number[] = []
  await Promise.all(
    heads.map(async (head, i) => {
      const s = await raw.request(head, body)
      if (s.status !== 200) throw new Error(`status ${s.status}`)
      const b = await raw.get(`/ujian/api/paket/${'a'.repeat(22)}.${'b'.repeat(16)}`, cookies[i]!)
      if (b.status !== 200 || b.body.length !== BUNDLE_BYTES) throw new Error(`bundle status ${b.status}`)
      done.push(Date.now() - release)
    }),
  )
  const share = cpuShare(before, sampleCpu(groups))
  const seconds = (name: string) => (((share.percentOfCore[name] ?? 0) * share.seconds) / 100).toFixed(2)
  done.sort((a, b) => a - b)
  console.log(
    `HTTP floor: ${N} start + bundle exchanges in ${share.seconds.toFixed(2)} s; release → both answers p50 ${done[N >> 1]} p99 ${done[Math.ceil(N * 0.99) - 1]} ms; ` +
      `CPU s bare server (1 process) ${seconds('server')} / generator ${seconds('bench')}; other jobs ${share.otherPercentOfCore.toFixed(0)} % of a core`,
  )
  raw.close()
  child.kill()
}
