import { createRequire } from 'node:module'

/**
 * Remembers Remix's route matches per pathname (ADR 024). `@remix-run/router`'s `matchRoutes`
 * flattens and ranks every route of the app on every call (~0.4–0.7 ms for this portal's routes
 * on the bench machine), and `@remix-run/server-runtime` calls it through the module's exports at
 * the start of every request. The matches of a pathname depend only on the (immutable) route
 * tree, so they are kept per tree and pathname, a bounded number of them; each caller gets its own
 * copies, so nothing a request does to its matches reaches another request.
 *
 * This wraps the export at run time instead of patching node_modules. The static handler inside
 * `@remix-run/router` calls its own `matchRoutes` directly and is not affected (one of the two
 * matchings per request remains).
 */
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: unknown }
type MatchRoutes = (routes: object, location: string | { pathname?: string }, basename?: string) => Match[] | null

const MAX_PATHNAMES_PER_TREE = 2_000
let installed = false

export function memoizeRouteMatches() {
  if (installed) return
  const router = createRequire(import.meta.url)('@remix-run/router') as { matchRoutes: MatchRoutes }
  const original = router.matchRoutes
  const cache = new WeakMap<object, Map<string, Match[] | null>>()
  const memoized: MatchRoutes = (routes, location, basename = '/') => {
    // Only a plain pathname string is remembered: a location object may carry a search or hash.
    if (typeof location !== 'string' || location.includes('?') || location.includes('#')) return original(routes, location, basename)
    let byPath = cache.get(routes)
    if (!byPath) cache.set(routes, (byPath = new Map()))
    const key = `${basename}\u0000${location}`
    let matches = byPath.get(key)
    if (matches === undefined) {
      matches = original(routes, location, basename)
      // Paths with ids are many: start afresh rather than grow without bound.
      if (byPath.size >= MAX_PATHNAMES_PER_TREE) byPath.clear()
      byPath.set(key, matches)
    }
    return matches && matches.map((m) => ({ ...m, params: { ...m.params } }))
  }
  try {
    router.matchRoutes = memoized
  } catch {
    return // a read-only export (another build of the router): leave it as it is
  }
  installed = router.matchRoutes === memoized
}
