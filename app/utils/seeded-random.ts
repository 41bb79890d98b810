/**
 * mulberry32: a tiny, fast, repeatable generator for shuffles, draws, demo data and test fixtures
 * (same seed → same sequence on every machine). NOT for secrets: PINs, tokens and candidate codes
 * use `node:crypto`.
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
