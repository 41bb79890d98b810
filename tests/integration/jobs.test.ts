import fs from 'node:fs'
import path from 'node:path'
import { definedJobNames } from '~/utils/queue.server'

// app/jobs.server.ts is the one list of job modules, loaded by entry.server (web and `npm start`'s
// job process) and by scripts/worker.ts. A job whose module is not reached from it would be
// enqueued by the web but never processed by a separate worker, or the reverse.
const appDir = path.resolve(__dirname, '../../app')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
  })
}

describe('the list of job modules', () => {
  test('importing app/jobs.server defines every job that any module under app/ defines', async () => {
    await import('~/jobs.server')
    const fromList = definedJobNames()
    expect(fromList).toEqual(expect.arrayContaining(['email.send', 'exam.plan', 'internship.offer-expiry', 'ranking.notify', 'ranking.run']))

    const defining = sourceFiles(appDir).filter(
      (file) => !file.endsWith(path.join('utils', 'queue.server.ts')) && /\bdefineJob\s*[<(]/.test(fs.readFileSync(file, 'utf8')),
    )
    expect(defining.length).toBeGreaterThanOrEqual(4)
    for (const file of defining) await import(file)
    // A module outside the list would add its job name here.
    expect(definedJobNames()).toEqual(fromList)
  })

  test('the web entry and the separate worker both start from that list', () => {
    for (const file of ['app/entry.server.tsx', 'scripts/worker.ts']) {
      const source = fs.readFileSync(path.resolve(__dirname, '../..', file), 'utf8')
      expect(source, file).toMatch(/jobs\.server/)
      expect(source, file).not.toMatch(/\bstartWorkers\(|\bstartExamSweeper\(/)
    }
  })
})
