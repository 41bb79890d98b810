import { isCrossSite } from './app'

describe('CSRF guard (ADR 005)', () => {
  test('same-origin browser requests pass', () => {
    expect(isCrossSite('same-origin', 'https://portal.go.id', 'portal.go.id')).toBe(false)
    expect(isCrossSite(undefined, 'http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false)
  })
  test('a request the user typed or bookmarked passes', () => {
    expect(isCrossSite('none', undefined, 'portal.go.id')).toBe(false)
  })
  test('cross-site and same-site-but-other-origin posts are refused', () => {
    expect(isCrossSite('cross-site', 'https://evil.example', 'portal.go.id')).toBe(true)
    expect(isCrossSite('same-site', 'https://sub.portal.go.id', 'portal.go.id')).toBe(true)
  })
  test('older browsers without Sec-Fetch-Site are judged by Origin', () => {
    expect(isCrossSite(undefined, 'https://evil.example', 'portal.go.id')).toBe(true)
    expect(isCrossSite(undefined, 'null', 'portal.go.id')).toBe(true)
  })
  test('non-browser clients (no provenance headers) are not a CSRF vector', () => {
    expect(isCrossSite(undefined, undefined, 'portal.go.id')).toBe(false)
  })
})
