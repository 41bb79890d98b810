import fs from 'node:fs/promises'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { remember } from '@epic-web/remember'
import { prisma } from './db.server'
import { getEnv } from './env.server'
import { defineJob, PermanentJobError, type JobContext } from './queue.server'

/**
 * Outgoing e-mail. `sendMail` records an EmailLog row and queues the whole message; the
 * `email.send` job delivers it through SMTP (`SMTP_URL`) or, by default, writes it as an `.eml`
 * file into OUTBOX_DIR, where the admin outbox page lists it.
 *
 * `SMTP_URL` is a nodemailer connection URL: `smtps://user:pass@host:465`,
 * `smtp://host:587` (STARTTLS when offered), `smtp://127.0.0.1:2525?ignoreTLS=true` for a plain
 * loopback relay, `…&pool=true` to keep connections open under load.
 */

export const EMAIL_JOB = 'email.send'
export const EMAIL_ATTEMPTS = 5

export type MailInput = {
  to: string
  subject: string
  text: string
  html?: string
  /** Which template produced it (`email-verification`, …), kept in EmailLog for the admin page. */
  template: string
}

/** The job carries the whole message, so a worker sends without reading the database. */
export type EmailJobData = MailInput & { logId: string; from: string }

/**
 * Queues an e-mail and returns its EmailLog id. Call it after the transaction that caused the
 * mail has committed (see queue.server.ts): a rolled-back change must not have sent a mail.
 */
export async function sendMail(input: MailInput): Promise<string> {
  const log = await prisma.emailLog.create({
    data: { to: input.to, subject: input.subject, template: input.template, status: 'QUEUED' },
  })
  const data: EmailJobData = {
    logId: log.id,
    from: getEnv().MAIL_FROM,
    to: input.to,
    subject: input.subject,
    text: input.text,
    ...(input.html ? { html: input.html } : {}),
    template: input.template,
  }
  try {
    // The log id as job id: enqueueing the same row twice cannot send it twice.
    await emailJob.enqueue(data, { jobId: `${EMAIL_JOB}:${log.id}` })
  } catch (err) {
    await prisma.emailLog
      .update({ where: { id: log.id }, data: { status: 'FAILED', error: `Tidak dapat diantrekan: ${errorText(err)}` } })
      .catch(() => {})
    throw err
  }
  return log.id
}

/**
 * The `email.send` handler. A permanent SMTP rejection (5xx, e.g. unknown mailbox) fails at once:
 * the same message would only be refused again. Anything else is retried until the last attempt.
 */
export async function deliverEmail(data: EmailJobData, ctx: JobContext): Promise<void> {
  let messageId: string
  try {
    messageId = await transmit(data)
  } catch (err) {
    const permanent = (err as { permanent?: unknown }).permanent === true
    const final = permanent || ctx.attempt >= ctx.maxAttempts
    const error = errorText(err).slice(0, 2000)
    await prisma.emailLog.update({
      where: { id: data.logId },
      data: final ? { status: 'FAILED', error, attempts: ctx.attempt } : { error, attempts: ctx.attempt },
    })
    if (permanent) throw new PermanentJobError(error, { cause: err })
    throw err
  }
  try {
    await prisma.emailLog.update({
      where: { id: data.logId },
      data: { status: 'SENT', messageId, sentAt: new Date(), attempts: ctx.attempt, error: null },
    })
  } catch (err) {
    // The message is out: failing the job now would make the queue send it a second time.
    console.error(`[mail] sent ${data.logId} (${messageId}) but could not mark it SENT: ${errorText(err)}`)
  }
}

const emailJob = defineJob<EmailJobData>(EMAIL_JOB, deliverEmail, {
  attempts: EMAIL_ATTEMPTS,
  backoffMs: 5_000,
  concurrency: 4,
  summarize: emailJobSummary,
})

/** For the jobs page: who and which template, never the body (it can hold a reset link). */
export function emailJobSummary(data: EmailJobData) {
  return `${data.template} → ${data.to} (EmailLog ${data.logId})`
}

async function transmit(data: EmailJobData): Promise<string> {
  const message = {
    from: data.from,
    to: data.to,
    subject: data.subject,
    text: data.text,
    ...(data.html ? { html: data.html } : {}),
    headers: { 'X-Portal-Template': data.template, 'X-Portal-Log-Id': data.logId },
  }
  const { SMTP_URL, OUTBOX_DIR } = getEnv()
  if (SMTP_URL) {
    const info = await smtpTransport(SMTP_URL).sendMail(message)
    return info.messageId
  }
  const info = await outboxTransport().sendMail(message)
  await writeOutboxFile(OUTBOX_DIR, outboxFileName(data.logId), info.message as Buffer)
  return info.messageId
}

const transports = remember('mail-transports', () => new Map<string, Transporter>())

function smtpTransport(url: string) {
  let transport = transports.get(url)
  if (!transport) {
    // Short timeouts (the URL may override them): a hung server must not hold a worker for minutes.
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    })
    transports.set(url, transport)
  }
  return transport
}

function outboxTransport() {
  let transport = transports.get('outbox:')
  if (!transport) {
    transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
    transports.set('outbox:', transport)
  }
  return transport
}

/** Closes pooled SMTP connections (for shutdown; unpooled transports hold none). */
export function closeMailTransports() {
  for (const transport of transports.values()) transport.close()
  transports.clear()
}

function errorText(err: unknown) {
  return err instanceof Error ? err.message || err.name : String(err)
}

// ---------------------------------------------------------------------------------------------
// Outbox (.eml files)

const OUTBOX_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/

/** `<ISO time>-<logId>.eml`, with `:` and `.` of the time as `-` so the name is portable. */
function outboxFileName(logId: string) {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${logId}.eml`
}

async function writeOutboxFile(dir: string, name: string, content: Buffer) {
  await fs.mkdir(dir, { recursive: true })
  // Write then rename, so the outbox page never reads half a message.
  const tmp = path.join(dir, `.${name}.${process.pid}.tmp`)
  await fs.writeFile(tmp, content)
  await fs.rename(tmp, path.join(dir, name))
}

export type OutboxEntry = {
  fileName: string
  to: string
  subject: string
  date: Date | null
  messageId: string | null
  template: string | null
}

/** The newest `.eml` files of the outbox, newest first, with their main headers. */
export async function listOutbox(limit = 50): Promise<OutboxEntry[]> {
  const dir = getEnv().OUTBOX_DIR
  let names: string[]
  try {
    names = await fs.readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const newest = names
    .filter((n) => OUTBOX_NAME.test(n))
    .sort()
    .reverse()
    .slice(0, Math.max(0, limit))
  const entries = await Promise.all(
    newest.map(async (fileName): Promise<OutboxEntry | null> => {
      const head = await readHead(path.join(dir, fileName)).catch(() => null)
      if (head === null) return null // removed meanwhile
      const headers = parseHeaders(head)
      const date = headers.date ? new Date(headers.date) : null
      return {
        fileName,
        to: headers.to ?? '',
        subject: headers.subject ?? '',
        date: date && !Number.isNaN(date.getTime()) ? date : null,
        messageId: headers['message-id'] ?? null,
        template: headers['x-portal-template'] ?? null,
      }
    }),
  )
  return entries.filter((e): e is OutboxEntry => e !== null)
}

export type OutboxMessage = {
  fileName: string
  headers: Record<string, string>
  text: string | null
  html: string | null
  raw: string
}

/**
 * One outbox message, or null when there is none by that name. Only plain file names inside
 * OUTBOX_DIR are accepted, never a path.
 */
export async function readOutboxMessage(fileName: string): Promise<OutboxMessage | null> {
  if (!OUTBOX_NAME.test(fileName) || path.basename(fileName) !== fileName) return null
  const dir = path.resolve(getEnv().OUTBOX_DIR)
  const file = path.resolve(dir, fileName)
  if (path.dirname(file) !== dir) return null
  let raw: string
  try {
    raw = await fs.readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return {
    fileName,
    headers: parseHeaders(raw),
    text: findPart(raw, 'text/plain'),
    html: findPart(raw, 'text/html'),
    raw,
  }
}

async function readHead(file: string, bytes = 16 * 1024) {
  const handle = await fs.open(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Just enough MIME to read the messages nodemailer writes (RFC 5322 headers, RFC 2047 words,
// multipart bodies with quoted-printable or base64 parts).

function splitHeadBody(raw: string): [string, string] {
  const match = /\r?\n\r?\n/.exec(raw)
  if (!match) return [raw, '']
  return [raw.slice(0, match.index), raw.slice(match.index + match[0].length)]
}

/** Header names in lower case; the first occurrence wins; encoded words decoded. */
export function parseHeaders(raw: string): Record<string, string> {
  const [head] = splitHeadBody(raw)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const key = line.slice(0, colon).trim().toLowerCase()
    if (!(key in headers)) headers[key] = decodeWords(line.slice(colon + 1).trim())
  }
  return headers
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g

export function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/(\?=)\s+(?==\?)/g, '$1')
  return joined.replace(ENCODED_WORD, (_, charset: string, encoding: string, data: string) => {
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : decodeQuotedPrintable(data.replace(/_/g, ' '))
    return decodeCharset(bytes, charset.split('*')[0])
  })
}

function decodeQuotedPrintable(value: string): Buffer {
  const bytes: number[] = []
  const text = value.replace(/=\r?\n/g, '') // soft line breaks
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : ''
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      for (const b of Buffer.from(text[i], 'utf8')) bytes.push(b)
    }
  }
  return Buffer.from(bytes)
}

function decodeCharset(bytes: Buffer, charset: string) {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes)
  } catch {
    return bytes.toString('utf8')
  }
}

function headerParam(value: string | undefined, name: string) {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '')
  return match ? (match[1] ?? match[2]) : undefined
}

/** The decoded body of the first part of the given type, or null. */
function findPart(entity: string, type: 'text/plain' | 'text/html', depth = 0): string | null {
  const headers = parseHeaders(entity)
  const [, body] = splitHeadBody(entity)
  const contentType = headers['content-type'] ?? 'text/plain'
  const mediaType = contentType.split(';')[0].trim().toLowerCase()
  if (mediaType.startsWith('multipart/')) {
    const boundary = headerParam(contentType, 'boundary')
    if (!boundary || depth > 5) return null
    const parts = body.split(new RegExp(`\\r?\\n?--${escapeRegExp(boundary)}(?:--)?[ \\t]*(?:\\r?\\n|$)`))
    for (const part of parts.slice(1)) {
      if (!part.trim()) continue
      const found = findPart(part, type, depth + 1)
      if (found !== null) return found
    }
    return null
  }
  if (mediaType !== type) return null
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase()
  const charset = headerParam(contentType, 'charset') ?? 'utf-8'
  if (encoding === 'base64') return decodeCharset(Buffer.from(body.replace(/\s+/g, ''), 'base64'), charset)
  if (encoding === 'quoted-printable') return decodeCharset(decodeQuotedPrintable(body), charset)
  return body
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
