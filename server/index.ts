import path from 'node:path'
import url from 'node:url'
import type { Server } from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import { createApp } from './app.ts'

/** Loads the production build and serves it; resolves once listening. */
export async function serve(opts: { port: number; host: string; buildPath?: string }) {
  const buildPath = path.resolve(opts.buildPath ?? 'build/index.js')
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild
  const app = createApp(build)
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s))
  })
  server.keepAliveTimeout = 65_000
  return server
}
