import { createRequire } from 'node:module'
import { memoizeRouteMatches } from './route-match-memo'

const router = createRequire(import.meta.url)('@remix-run/router') as typeof import('@remix-run/router')

describe('memoised route matches (ADR 024)', () => {
  const routes = [{ id: 'root', path: '/', children: [{ id: 'formasi', path: 'formasi/:positionId' }, { id: 'lamaran', path: 'lamaran' }] }]
  const plain = (m: ReturnType<typeof router.matchRoutes>) => m?.map((x) => [x.route.id, x.params, x.pathname])

  test('gives what the router gives, every time, and a request cannot change another one’s matches', () => {
    const before = plain(router.matchRoutes(routes, '/formasi/abc'))
    memoizeRouteMatches()
    const first = router.matchRoutes(routes, '/formasi/abc')!
    expect(plain(first)).toEqual(before)
    ;(first[1]!.params as Record<string, string>).positionId = 'changed'
    expect(plain(router.matchRoutes(routes, '/formasi/abc'))).toEqual(before)
    expect(plain(router.matchRoutes(routes, '/formasi/xyz'))![1]![1]).toEqual({ positionId: 'xyz' })
    expect(router.matchRoutes(routes, '/tidak-ada')).toBeNull()
    // Another route tree is matched on its own.
    expect(plain(router.matchRoutes([{ id: 'other', path: '/lamaran' }], '/lamaran'))).toEqual([['other', {}, '/lamaran']])
  })
})
