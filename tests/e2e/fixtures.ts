import fs from 'node:fs'
import path from 'node:path'
import { test as base, expect, type Page, type Response } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import pg from 'pg'

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo#Portal2026'

type AxeFinding = { url: string; id: string; impact: string; help: string; targets: string[] }

// Pages (by path) already checked in this worker: a page seen by an earlier test is not re-checked.
const checkedPaths = new Set<string>()

/**
 * Every page a test visits is checked with axe-core as it loads (full loads and client-side
 * navigations); the test fails on any serious or critical violation.
 */
export const test = base.extend<{ axeFindings: AxeFinding[] }>({
  axeFindings: [
    async ({ page }, use) => {
      const findings: AxeFinding[] = []
      let chain = Promise.resolve()
      const check = () => {
        const url = page.url()
        if (!url.startsWith('http') || checkedPaths.has(new URL(url).pathname)) return
        chain = chain.then(async () => {
          try {
            await page.waitForLoadState('domcontentloaded')
            const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
            checkedPaths.add(new URL(url).pathname)
            for (const v of result.violations) {
              if (v.impact === 'serious' || v.impact === 'critical') {
                findings.push({ url, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })
              }
            }
          } catch {
            // The page moved on before the check finished; the next page is checked instead.
          }
        })
      }
      page.on('load', check)
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) check()
      })
      await use(findings)
      check()
      await chain
      expect(findings, `accessibility violations:\n${JSON.stringify(findings, null, 2)}`).toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** Opens a page and waits until React has hydrated it (a form used before that posts natively). */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url)
  await expect(page.locator('html[data-hydrated]')).toBeAttached()
  return response
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await visit(page, '/masuk')
  await page.getByLabel('Alamat surel').fill(email)
  await page.getByLabel('Kata sandi').fill(password)
  // Wait for the sign-in answer, so the caller's next navigation does not cut it off.
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/masuk'),
    page.getByRole('button', { name: 'Masuk' }).click(),
  ])
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Keluar' }).click()
  await expect(page.getByText('Anda telah keluar.')).toBeVisible()
}

/** Waits for a message to `to` that the loopback SMTP server received, and returns its text. */
export async function waitForMail(to: string, subjectPattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const dir = process.env.E2E_MAILBOX_DIR
  if (!dir) throw new Error('E2E_MAILBOX_DIR is not set (run browser tests through scripts/e2e.ts)')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const files = fs.readdirSync(dir).sort().reverse()
    for (const file of files) {
      const raw = fs.readFileSync(path.join(dir, file), 'utf8')
      const envelope = /^X-Envelope-To: (.*)$/m.exec(raw)?.[1] ?? ''
      const subject = decodeSubject(/^Subject: (.*(?:\r?\n[ \t].*)*)$/m.exec(raw)?.[1] ?? '')
      if (envelope.split(',').includes(to) && subjectPattern.test(subject)) return decodeBody(raw)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`No mail to ${to} matching ${subjectPattern} arrived`)
}

function decodeSubject(value: string) {
  return value
    .replace(/\r?\n[ \t]/g, '')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    )
}

function decodeBody(raw: string) {
  // Quoted-printable soft line breaks and escapes, enough to find links in the text part.
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
}

export function linkFrom(mail: string, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+${pathPrefix.replace(/[/?]/g, '\\$&')}[^\\s"<>]*`).exec(mail)
  if (!match) throw new Error(`No ${pathPrefix} link in mail:\n${mail}`)
  return new URL(match[0].replace(/&amp;/g, '&')).pathname + new URL(match[0].replace(/&amp;/g, '&')).search
}

/**
 * One statement against the portal's database (`E2E_DATABASE_URL`, set by scripts/e2e.ts), for what
 * a browser cannot do: move a session's clock, read back what an auditor would check.
 */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
  await client.connect()
  try {
    return (await client.query(text, params)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Every response body an exam page receives, to look for keys. */
export function recordResponses(page: Page, bodies: string[]) {
  page.on('response', (response: Response) => {
    const type = response.request().resourceType()
    if (type === 'document' || type === 'fetch' || type === 'xhr') {
      response
        .text()
        .then((text) => bodies.push(`${response.url()}\n${text}`))
        .catch(() => {})
    }
  })
}
