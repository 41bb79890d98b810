import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { getEnv } from '~/utils/env.server'
import { stopQueues } from '~/utils/queue.server'
import { prisma } from '~/utils/db.server'
import { onShutdown } from '~/utils/shutdown.server'
// Every job module and the timers beside the queue, the same list `npm run worker` loads.
import { startBackgroundWork } from '~/jobs.server'
// The exam's hot endpoints, mounted by server/ ahead of Remix (ADR 014 addendum).
export { examHotPath } from '~/models/exam-hot-path.server'
// The page of a request refused under overload, for server/'s admission control (ADR 024).
export { overloadedPage } from '~/utils/overload-page.server'

const ABORT_DELAY = 5_000

// Validate the environment at start-up, not at the first request that needs a value.
const env = getEnv()
// Background workers run inside the web process unless RUN_WORKERS=false (then `npm run worker`).
if (env.RUN_WORKERS) {
  const background = startBackgroundWork()
  background.started.catch((error: unknown) => console.error('Background workers failed to start:', error))
  onShutdown(async () => background.stop())
}
onShutdown(stopQueues)
onShutdown(() => prisma.$disconnect())

/**
 * Renders the whole document before answering and sends it as ONE body. No route defers data or
 * suspends, so streaming the shell bought nothing here, while every small chunk React wrote went
 * through a PassThrough, a web stream, Express and a zlib call of its own: measured with the
 * registration bench (ADR 023 addendum), one buffer costs less CPU per page.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const chunks: Buffer[] = []
    const body = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
        done()
      },
      final(done) {
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
        done()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          clearTimeout(timer)
          pipe(body)
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Before the shell, Remix reports the error (handleError) and renders the boundary.
          if (shellRendered) console.error(error)
        },
      },
    )
    timer = setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (!request.signal.aborted) console.error(error)
}
