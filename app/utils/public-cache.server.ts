/**
 * Cache headers for public pages (the vacancy search and position pages). Anonymous visitors get
 * a page that any cache may keep for a minute (the search's own counts are a minute fresh too),
 * so a CDN or a phone's cache absorbs repeated views on a slow link. A signed-in visitor's page
 * carries their name and menu: private, revalidated.
 */
export function publicCacheHeaders(request: Request): Record<string, string> {
  const signedIn = /(?:^|;\s*)__session=/.test(request.headers.get('Cookie') ?? '')
  return {
    'Cache-Control': signedIn ? 'private, no-cache' : 'public, max-age=60',
    // The language cookie changes the page's text.
    Vary: 'Cookie',
  }
}

/** For a route's `headers` export: only the caching headers of its loader (not its Content-Type). */
export function cacheHeadersFrom(loaderHeaders: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of ['Cache-Control', 'Vary']) {
    const value = loaderHeaders.get(name)
    if (value) out[name] = value
  }
  return out
}
