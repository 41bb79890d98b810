import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { getEnv } from '~/utils/env.server'
import { startWorkers, stopQueues } from '~/utils/queue.server'
import { prisma } from '~/utils/db.server'
import { onShutdown } from '~/utils/shutdown.server'
import '~/utils/mail.server'
import { startExamSweeper } from '~/models/exam-scoring.server'
// The exam's hot endpoints, mounted by server/ ahead of Remix (ADR 014 addendum).
export { examHotPath } from '~/models/exam-hot-path.server'
// Defines the ranking.run and ranking.notify jobs (issue 8).
import '~/models/ranking.server'
// Defines the internship.offer-expiry job (issue 9).
import '~/models/internship.server'
// Defines the exam.plan job: allocation runs and attempt preparation (ADR 020 addendum).
import '~/models/exam-planning.server'

const ABORT_DELAY = 5_000

// Validate the environment at start-up, not at the first request that needs a value.
const env = getEnv()
// Background workers run inside the web process unless RUN_WORKERS=false (then `npm run worker`).
if (env.RUN_WORKERS) {
  startWorkers().catch((error: unknown) => console.error('Background workers failed to start:', error))
  // Exam deadlines are the server's: closes and scores expired attempts every second (ADR 014).
  const stopExamSweeper = startExamSweeper()
  onShutdown(async () => stopExamSweeper())
}
onShutdown(stopQueues)
onShutdown(() => prisma.$disconnect())

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const callback = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [callback]() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (!request.signal.aborted) console.error(error)
}
