import fs from 'node:fs/promises'
import path from 'node:path'
import getPort from 'get-port'
import { SMTPServer, type SMTPServerAddress } from 'smtp-server'
import { prisma } from '~/utils/db.server'
import { getEnv, resetEnvCache } from '~/utils/env.server'
import { EMAIL_JOB, deliverEmail, emailJobSummary, listOutbox, readOutboxMessage, sendMail } from '~/utils/mail.server'
import { statusChangeEmail, verificationEmail } from '~/utils/mail-templates.server'
import { defineJob, queueBackendKind, queueStats, startWorkers, stopQueues } from '~/utils/queue.server'

type Received = { from: string; to: string[]; raw: string }

/** A real SMTP server on a free loopback port, recording what it accepts. */
async function startSmtp(opts: { rejectRcpt?: { code: number; message: string } } = {}) {
  const received: Received[] = []
  const rcptAttempts: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      rcptAttempts.push(address.address)
      if (!opts.rejectRcpt) return callback()
      const err = Object.assign(new Error(opts.rejectRcpt.message), { responseCode: opts.rejectRcpt.code })
      callback(err)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  const port = await getPort({ host: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    rcptAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Independent of the app's parser: header lookup and quoted-printable decoding for ASCII. */
function header(raw: string, name: string) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim()
}
function decodedBody(raw: string) {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

async function waitForLog(id: string, status: 'SENT' | 'FAILED', timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const row = await prisma.emailLog.findUniqueOrThrow({ where: { id } })
    if (row.status === status) return row
    if (Date.now() > until) throw new Error(`EmailLog ${id} is ${row.status}, expected ${status}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url
  else delete process.env.SMTP_URL
  resetEnvCache()
}

let closeServer: (() => Promise<void>) | undefined

beforeAll(async () => {
  // The in-process queue, whatever the developer's shell has set.
  delete process.env.REDIS_URL
  useSmtp(undefined)
  // The real handler with short retries, so the retry tests take milliseconds.
  defineJob(EMAIL_JOB, deliverEmail, { attempts: 3, backoffMs: 20, concurrency: 2, summarize: emailJobSummary })
  await startWorkers()
  expect(queueBackendKind()).toBe('memory')
})

afterEach(async () => {
  await closeServer?.()
  closeServer = undefined
  useSmtp(undefined)
})

afterAll(async () => {
  await stopQueues()
  await fs.rm(getEnv().OUTBOX_DIR, { recursive: true, force: true })
})

function verification(to: string) {
  const link = `${getEnv().APP_URL}/verifikasi-email?token=tok_${Math.random().toString(36).slice(2)}`
  return { link, mail: { to, template: 'email-verification', ...verificationEmail({ name: 'Siti Rahayu', link }) } }
}

test('a verification mail goes out through SMTP and its log row becomes SENT', async () => {
  const smtp = await startSmtp()
  closeServer = smtp.close
  useSmtp(smtp.url)

  const { link, mail } = verification('siti.rahayu@example.test')
  const logId = await sendMail(mail)
  expect((await prisma.emailLog.findUniqueOrThrow({ where: { id: logId } })).template).toBe('email-verification')

  const row = await waitForLog(logId, 'SENT')
  expect(smtp.received).toHaveLength(1)
  const [message] = smtp.received
  expect(message.to).toEqual(['siti.rahayu@example.test'])
  expect(message.from).toBe('no-reply@portal-asn.local')
  expect(header(message.raw, 'To')).toBe('siti.rahayu@example.test')
  expect(header(message.raw, 'Subject')).toBe('Verifikasi alamat surel - Portal Seleksi ASN')
  expect(decodedBody(message.raw)).toContain(link) // text part
  expect(decodedBody(message.raw)).toContain(`href="${link}"`) // html part
  expect(row).toMatchObject({ status: 'SENT', attempts: 1, error: null })
  expect(row.messageId).toBeTruthy()
  expect(header(message.raw, 'Message-ID')).toBe(row.messageId)
  expect(row.sentAt).toBeInstanceOf(Date)
})

test('without SMTP_URL the message lands in the outbox as an .eml file', async () => {
  const { link, mail } = verification('budi@example.test')
  const logId = await sendMail(mail)
  const row = await waitForLog(logId, 'SENT')

  const dir = getEnv().OUTBOX_DIR
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(`-${logId}.eml`))
  expect(files).toHaveLength(1)
  const [fileName] = files
  expect(fileName).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-/)
  const raw = await fs.readFile(path.join(dir, fileName), 'utf8')
  expect(header(raw, 'To')).toBe('budi@example.test')
  expect(header(raw, 'Subject')).toBe('Verifikasi alamat surel - Portal Seleksi ASN')
  expect(header(raw, 'Message-ID')).toBe(row.messageId)
  expect(decodedBody(raw)).toContain(link)

  const listed = await listOutbox(10)
  expect(listed[0]).toMatchObject({
    fileName,
    to: 'budi@example.test',
    subject: 'Verifikasi alamat surel - Portal Seleksi ASN',
    messageId: row.messageId,
    template: 'email-verification',
  })
  expect(listed[0].date).toBeInstanceOf(Date)

  const opened = await readOutboxMessage(fileName)
  expect(opened?.text).toContain(link)
  expect(opened?.html).toContain(`href="${link}"`)
  expect(opened?.headers.subject).toBe('Verifikasi alamat surel - Portal Seleksi ASN')
  // Only plain names inside the outbox are served.
  await fs.writeFile(path.join(dir, '..', 'secret.eml'), 'Subject: secret\r\n\r\nsecret')
  for (const name of ['../secret.eml', '..%2Fsecret.eml', `${dir}/${fileName}`, '/etc/passwd', 'nothing-here.eml']) {
    expect(await readOutboxMessage(name)).toBeNull()
  }
  await fs.rm(path.join(dir, '..', 'secret.eml'))
})

test('the outbox page shows non-ASCII subjects as written', async () => {
  const item = 'Lamaran CPNS 2026 – Analis Kebijakan Ahli Pertama, Kementerian Pendayagunaan Aparatur Negara'
  const content = statusChangeEmail({ name: 'Budi', item, status: 'Memenuhi Syarat (MS)', link: '/lamaran' })
  const logId = await sendMail({ to: 'budi@example.test', template: 'status-change', ...content })
  await waitForLog(logId, 'SENT')
  const entry = (await listOutbox(50)).find((e) => e.fileName.endsWith(`-${logId}.eml`))
  expect(entry?.subject).toBe(`Perubahan status: ${item}`)
  const opened = await readOutboxMessage(entry!.fileName)
  expect(opened?.text).toContain(`Status ${item} berubah menjadi: Memenuhi Syarat (MS).`)
  expect(opened?.text).toContain(`${getEnv().APP_URL}/lamaran`)
})

test('a recipient refused for good (550) fails at once; the log row is FAILED with the reason', async () => {
  const smtp = await startSmtp({ rejectRcpt: { code: 550, message: 'Kotak surat tidak dikenal' } })
  closeServer = smtp.close
  useSmtp(smtp.url)

  const logId = await sendMail(verification('tidak.ada@example.test').mail)
  const row = await waitForLog(logId, 'FAILED')
  expect(row.error).toMatch(/550/)
  expect(row.error).toContain('Kotak surat tidak dikenal')
  expect(row.attempts).toBe(1)
  expect(row.sentAt).toBeNull()
  expect(smtp.received).toHaveLength(0)
  await new Promise((r) => setTimeout(r, 150))
  expect(smtp.rcptAttempts).toEqual(['tidak.ada@example.test']) // no pointless retry

  const stats = await queueStats()
  const failed = stats.recentFailed.find((j) => j.name === EMAIL_JOB && j.summary.includes(logId))
  expect(failed).toMatchObject({
    error: expect.stringContaining('Kotak surat tidak dikenal'),
    summary: `email-verification → tidak.ada@example.test (EmailLog ${logId})`,
  })
  expect(failed?.summary).not.toContain('token=') // the summary never shows the link
})

test('a recipient deferred (451) is retried `attempts` times, then the log row is FAILED', async () => {
  const smtp = await startSmtp({ rejectRcpt: { code: 451, message: 'Coba lagi nanti' } })
  closeServer = smtp.close
  useSmtp(smtp.url)

  const logId = await sendMail(verification('sibuk@example.test').mail)
  const row = await waitForLog(logId, 'FAILED')
  expect(smtp.rcptAttempts).toEqual(['sibuk@example.test', 'sibuk@example.test', 'sibuk@example.test'])
  expect(row.attempts).toBe(3)
  expect(row.error).toMatch(/451/)
  expect(row.error).toContain('Coba lagi nanti')
  expect(smtp.received).toHaveLength(0)
})
