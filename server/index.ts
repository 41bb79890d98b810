import path from 'node:path'
import url from 'node:url'
import type { Server } from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import http from 'node:http'
import { createListener } from './app.ts'

/** Loads the production build and serves it; resolves once listening. */
export async function serve(opts: { port: number; host: string; buildPath?: string }) {
  const buildPath = path.resolve(opts.buildPath ?? 'build/index.js')
  const build = (await import(url.pathToFileURL(buildPath).href)) as ServerBuild
  const server: Server = http.createServer(createListener(build))
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve))
  server.keepAliveTimeout = 65_000
  return server
}
