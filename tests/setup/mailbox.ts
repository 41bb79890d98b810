import fs from 'node:fs'
import path from 'node:path'
import getPort from 'get-port'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server on loopback that keeps every message it accepts as an .eml file, so tests
 * can read what the portal sent exactly as a mail server received it.
 */
export async function startMailbox(dir: string) {
  const port = await getPort()
  let counter = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',')
        const file = path.join(dir, `${Date.now()}-${++counter}.eml`)
        fs.writeFileSync(file, `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString('utf8')}`)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
