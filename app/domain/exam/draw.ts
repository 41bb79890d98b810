import type { Blueprint, Difficulty } from './blueprints'
import type { SubtestCode } from './items'
import { mulberry32 } from '~/utils/seeded-random'

/**
 * Drawing one candidate's items before the session (issue 6, domain.md §3 "Randomisation":
 * randomised per participant, "neighbours never share a set; difficulty is equalised").
 *
 * - Deterministic: the same seed and pool give the same draw (a draw can be re-derived and audited).
 * - Same difficulty mix for everyone: exactly `difficultyMix[d]` items of difficulty d per subtest.
 * - Items shuffled within each subtest, subtests in blueprint order; options shuffled per item.
 * - Neighbours: every item in one of the `avoid` sets (the item ids already drawn for the seats
 *   next to this one) is taken only when the pool at that subtest and difficulty has too few
 *   other items. So the overlap with the neighbours is ZERO whenever, for each subtest and
 *   difficulty, pool size ≥ needed + |union of the neighbours' items there| (with a 3× bank that
 *   holds for two neighbours), and otherwise only the shortfall is shared — never the whole set.
 *
 * Speed: the pool is indexed once per pool array (cached in a WeakMap), so each draw costs
 * O(items drawn) while most of a bucket is unseen by the neighbours (random picks with rejection),
 * and O(bucket) only when it is crowded. Measured on the shared 2-core box (2026-12-01): 25,000
 * SKD draws from a 990-item pool with two neighbours each take ≈ 1.5 s in plain Node (tsx), ≈ 3.4 s
 * under vitest (see draw.test.ts, "25,000 draws").
 */

export type PoolItem = {
  itemId: string
  versionId: string
  subtest: SubtestCode
  difficulty: number
  optionIds: string[]
}

export type DrawnItem = {
  /** 1-based position in the attempt, as shown on the item map. */
  position: number
  itemId: string
  versionId: string
  subtest: SubtestCode
  optionOrder: string[]
}

export class DrawError extends Error {
  constructor(
    readonly subtest: SubtestCode,
    readonly difficulty: Difficulty,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`The bank has ${available} active ${subtest} items of difficulty ${difficulty}; the blueprint needs ${needed}`)
    this.name = 'DrawError'
  }
}

type Bucket = PoolItem[]
const indexCache = new WeakMap<readonly PoolItem[], Map<string, Bucket>>()

function bucketKey(subtest: string, difficulty: number) {
  return `${subtest}\u0000${difficulty}`
}

function indexPool(pool: readonly PoolItem[]): Map<string, Bucket> {
  let index = indexCache.get(pool)
  if (!index) {
    index = new Map()
    const seen = new Set<string>()
    for (const item of pool) {
      // One entry per item: a pool with two versions of one item would let a candidate see it twice.
      if (seen.has(item.itemId)) throw new Error(`Item ${item.itemId} appears twice in the draw pool`)
      seen.add(item.itemId)
      const key = bucketKey(item.subtest, item.difficulty)
      const bucket = index.get(key)
      if (bucket) bucket.push(item)
      else index.set(key, [item])
    }
    indexCache.set(pool, index)
  }
  return index
}

/** Throws DrawError when the pool cannot satisfy the blueprint for anyone (check before drawing 25,000). */
export function assertPoolCovers(blueprint: Blueprint, pool: readonly PoolItem[]) {
  const index = indexPool(pool)
  for (const s of blueprint.subtests) {
    for (const d of [1, 2, 3] as const) {
      const available = index.get(bucketKey(s.code, d))?.length ?? 0
      if (available < s.difficultyMix[d]) throw new DrawError(s.code, d, s.difficultyMix[d], available)
    }
  }
}

// ─── deterministic randomness ───

/** 32-bit seed from any string (FNV-1a followed by a murmur3 finaliser for better avalanche). */
export function seedFrom(seed: string | number): number {
  const text = String(seed)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Repeatable generator seeded from any string or number (see `mulberry32`); NOT for secrets (a PIN uses crypto). */
export function createRng(seed: string | number): () => number {
  return mulberry32(seedFrom(seed))
}

/** In-place Fisher–Yates over the first `take` positions; returns the array (first `take` are the sample). */
function partialShuffle<T>(items: T[], take: number, rng: () => number): T[] {
  const n = items.length
  for (let i = 0; i < take && i < n - 1; i++) {
    const j = i + Math.floor(rng() * (n - i))
    const tmp = items[i]!
    items[i] = items[j]!
    items[j] = tmp
  }
  return items
}

function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const copy = items.slice()
  return partialShuffle(copy, copy.length, rng)
}

/**
 * Fast path: pick random positions, skipping used and avoided items, while most of the bucket is
 * usable. Gives up (null) after as many rejections as the bucket has items, so a crowded bucket
 * falls back to the exact partition; either way the result depends only on seed, pool and avoid.
 */
function sampleFresh(bucket: Bucket, need: number, isAvoided: (id: string) => boolean, rng: () => number): PoolItem[] | null {
  const used = new Set<number>()
  const out: PoolItem[] = []
  let rejections = 0
  while (out.length < need) {
    const j = Math.floor(rng() * bucket.length)
    if (used.has(j) || isAvoided(bucket[j]!.itemId)) {
      if (++rejections > bucket.length) return null
      continue
    }
    used.add(j)
    out.push(bucket[j]!)
  }
  return out
}

export function drawAttempt({
  blueprint,
  pool,
  seed,
  avoid = [],
}: {
  blueprint: Blueprint
  pool: readonly PoolItem[]
  seed: string | number
  /** Item-id sets already drawn for this seat's neighbours. */
  avoid?: readonly ReadonlySet<string>[]
}): DrawnItem[] {
  const index = indexPool(pool)
  const rng = createRng(seed)
  const isAvoided = avoid.length === 0 ? () => false : (id: string) => avoid.some((set) => set.has(id))
  const drawn: DrawnItem[] = []

  for (const s of blueprint.subtests) {
    const chosen: PoolItem[] = []
    for (const d of [1, 2, 3] as const) {
      const need = s.difficultyMix[d]
      if (need === 0) continue
      const bucket = index.get(bucketKey(s.code, d)) ?? []
      if (bucket.length < need) throw new DrawError(s.code, d, need, bucket.length)
      const sampled = sampleFresh(bucket, need, isAvoided, rng)
      if (sampled) {
        chosen.push(...sampled)
        continue
      }
      const fresh: PoolItem[] = []
      const shared: PoolItem[] = []
      for (const item of bucket) (isAvoided(item.itemId) ? shared : fresh).push(item)
      if (fresh.length >= need) {
        chosen.push(...partialShuffle(fresh, need, rng).slice(0, need))
      } else {
        // Not enough unseen items: take all of them and only the shortfall from the neighbours' items.
        const short = need - fresh.length
        chosen.push(...fresh, ...partialShuffle(shared, short, rng).slice(0, short))
      }
    }
    // Mix the difficulties so the order does not give the level away.
    for (const item of shuffled(chosen, rng)) {
      drawn.push({
        position: drawn.length + 1,
        itemId: item.itemId,
        versionId: item.versionId,
        subtest: s.code,
        optionOrder: shuffled(item.optionIds, rng),
      })
    }
  }
  return drawn
}

/** The item ids of a draw, as a neighbour's `avoid` set. */
export function itemIdsOf(drawn: readonly DrawnItem[]): Set<string> {
  return new Set(drawn.map((d) => d.itemId))
}
