import net from 'node:net'

/**
 * A cheap HTTP/1.1 load generator for benches that share the machine with the server they measure
 * (ADR 014 addendum "starts"): every CPU millisecond the generator spends is taken from the portal.
 * Node's `http` client (Agent, ClientRequest, IncomingMessage streams, header objects) cost ~0.4 ms
 * of CPU per request here; this one writes pre-serialised requests to keep-alive `net` sockets and
 * parses just what a check needs: the status line, `Content-Length` / chunked, `Content-Encoding`,
 * `Connection: close`. One request at a time per socket (no pipelining: a browser does not
 * pipeline either, so latency is what a candidate sees).
 */
export type RawResponse = { status: number; ms: number; body: Buffer; gzip: boolean }

type Pending = { head: string; body: Buffer | null; resolve: (r: RawResponse) => void; t: number }

const CRLFCRLF = Buffer.from('\r\n\r\n')

class Connection {
  private socket: net.Socket
  private buf: Buffer | null = null
  private current: Pending | null = null
  /** Parsed head of the response being read. */
  private head: { status: number; length: number; chunked: boolean; gzip: boolean; close: boolean; bodyAt: number } | null = null
  closed = false

  constructor(
    host: string,
    port: number,
    private readonly onFree: (c: Connection) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true })
    this.socket.on('data', (chunk: Buffer) => this.data(chunk))
    const gone = () => this.fail()
    this.socket.on('error', gone)
    this.socket.on('close', gone)
  }

  get busy() {
    return this.current !== null
  }

  send(p: Pending) {
    this.current = p
    p.t = performance.now()
    if (p.body) this.socket.write(p.body.length < 16_384 ? p.head + p.body.toString('latin1') : p.head, 'latin1')
    else this.socket.write(p.head, 'latin1')
    if (p.body && p.body.length >= 16_384) this.socket.write(p.body)
  }

  private data(chunk: Buffer) {
    let buf: Buffer = this.buf ? Buffer.concat([this.buf, chunk]) : chunk
    this.buf = buf
    for (;;) {
      if (!this.current) return
      if (!this.head) {
        const end = buf.indexOf(CRLFCRLF)
        if (end < 0) return
        const text: string = buf.toString('latin1', 0, end).toLowerCase()
        // "http/1.1 200 ok"
        const status: number = Number(text.slice(9, 12))
        const header = (name: string) => {
          const at = text.indexOf(`\r\n${name}:`)
          if (at < 0) return null
          const from = at + name.length + 3
          const to = text.indexOf('\r\n', from)
          return text.slice(from, to < 0 ? undefined : to).trim()
        }
        const length = Number(header('content-length') ?? -1)
        this.head = {
          status,
          length,
          chunked: header('transfer-encoding')?.includes('chunked') ?? false,
          gzip: header('content-encoding') === 'gzip',
          close: header('connection') === 'close',
          bodyAt: end + 4,
        }
      }
      const h: NonNullable<Connection['head']> = this.head
      let body: Buffer
      let rest: Buffer | null
      if (h.chunked) {
        const decoded = decodeChunked(buf, h.bodyAt)
        if (!decoded) return
        body = decoded.body
        rest = decoded.end < buf.length ? buf.subarray(decoded.end) : null
      } else {
        const length = Math.max(0, h.length)
        if (buf.length < h.bodyAt + length) return
        body = buf.subarray(h.bodyAt, h.bodyAt + length)
        rest = buf.length > h.bodyAt + length ? buf.subarray(h.bodyAt + length) : null
      }
      const p = this.current
      this.current = null
      this.head = null
      this.buf = rest
      p.resolve({ status: h.status, ms: performance.now() - p.t, body, gzip: h.gzip })
      if (h.close) {
        this.closed = true
        this.socket.destroy()
        this.onGone(this)
        return
      }
      this.onFree(this)
      if (!rest) return
      buf = rest
    }
  }

  private fail() {
    if (this.closed) return
    this.closed = true
    this.socket.destroy()
    const p = this.current
    this.current = null
    if (p) p.resolve({ status: 0, ms: performance.now() - p.t, body: Buffer.alloc(0), gzip: false })
    this.onGone(this)
  }

  destroy() {
    this.closed = true
    this.socket.destroy()
  }
}

/** A chunked body starting at `from`, or null if not all of it has arrived. */
function decodeChunked(buf: Buffer, from: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = []
  let at = from
  for (;;) {
    const eol = buf.indexOf('\r\n', at)
    if (eol < 0) return null
    const size = Number.parseInt(buf.toString('latin1', at, eol), 16)
    if (size === 0) {
      // The zero chunk, any trailers, then an empty line.
      const end = buf.indexOf(CRLFCRLF, eol)
      if (end < 0) return null
      return { body: Buffer.concat(parts), end: end + 4 }
    }
    if (buf.length < eol + 2 + size + 2) return null
    parts.push(buf.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
}

export function rawHttp(baseUrl: string, maxSockets: number) {
  const u = new URL(baseUrl)
  const host = u.hostname
  const port = Number(u.port || 80)
  const hostHeader = `Host: ${u.host}\r\n`
  const idle: Connection[] = []
  const all = new Set<Connection>()
  const queue: Pending[] = []

  const onFree = (c: Connection) => {
    const next = queue.shift()
    if (next) c.send(next)
    else idle.push(c)
  }
  const onGone = (c: Connection) => {
    all.delete(c)
    const i = idle.indexOf(c)
    if (i >= 0) idle.splice(i, 1)
    // A request queued behind it gets a fresh connection.
    if (queue.length > 0) open()
  }
  const open = () => {
    const c = new Connection(host, port, onFree, onGone)
    all.add(c)
    const next = queue.shift()
    if (next) c.send(next)
    else idle.push(c)
  }

  function request(head: string, body: Buffer | null): Promise<RawResponse> {
    return new Promise((resolve) => {
      const p: Pending = { head, body, resolve, t: performance.now() }
      let c = idle.pop()
      while (c && c.closed) c = idle.pop()
      if (c) return c.send(p)
      queue.push(p)
      if (all.size < maxSockets) open()
    })
  }

  return {
    /** The serialised head of a request (without a body): build them before the clock starts. */
    head(method: 'GET' | 'POST', path: string, headers: Record<string, string>, bodyLength?: number) {
      let h = `${method} ${path} HTTP/1.1\r\n${hostHeader}`
      for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`
      if (bodyLength !== undefined) h += `Content-Length: ${bodyLength}\r\n`
      return `${h}\r\n`
    },
    request,
    post(path: string, payload: unknown, cookie: string) {
      const body = Buffer.from(JSON.stringify(payload))
      return request(this.head('POST', path, { Cookie: cookie, 'Content-Type': 'application/json' }, body.length), body)
    },
    get(path: string, cookie: string) {
      return request(this.head('GET', path, { Cookie: cookie, 'Accept-Encoding': 'gzip' }), null)
    },
    close() {
      for (const c of all) c.destroy()
      all.clear()
      idle.length = 0
    },
  }
}
