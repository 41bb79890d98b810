import fs from 'node:fs'
import path from 'node:path'

/**
 * Summarises V8 `.cpuprofile` files (written by `node --cpu-prof`) into where the time went:
 * self time per package / area and the hottest functions. The registration bench uses it with
 * BENCH_CPU_PROF=1 to find waste per step without a profiler UI.
 */
type ProfileNode = {
  id: number
  parent?: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export type ProfileSummary = {
  files: number
  /** Sampled milliseconds in all profiles (including idle). */
  totalMs: number
  busyMs: number
  byArea: { area: string; ms: number; percentOfBusy: number }[]
  topFunctions: { fn: string; area: string; ms: number; percentOfBusy: number }[]
  /** Inclusive time per source module of the server build (a route's loader, action and render). */
  byModule: { module: string; ms: number; percentOfBusy: number }[]
}

/** Line → source module of the server build, from the `// app/...` comments esbuild writes. */
function buildModules(buildFile: string) {
  const starts: { line: number; module: string }[] = []
  if (!fs.existsSync(buildFile)) return (_line: number) => null
  fs.readFileSync(buildFile, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\/\/ (app\/\S+)$/.exec(text)
      if (m) starts.push({ line: i, module: m[1]! })
    })
  return (line: number) => {
    let lo = 0
    let hi = starts.length - 1
    let found: string | null = null
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.module
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }
}

function areaOf(url: string, fn: string) {
  if (!url) return fn.startsWith('(') ? fn : '(native)'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  if (url.startsWith('node:')) return 'node core'
  if (url.includes('/build/index.js')) return 'portal (server build)'
  return path.basename(url)
}

/** `excludePids`: processes left out (e.g. the cluster primary, which only migrated and seeded). */
export function summariseProfiles(dir: string, opts: { top?: number; buildFile?: string; excludePids?: number[] } = {}): ProfileSummary | null {
  const { top = 25, buildFile = 'build/index.js', excludePids = [] } = opts
  if (!fs.existsSync(dir)) return null
  const moduleAt = buildModules(buildFile)
  const moduleMs = new Map<string, number>()
  // Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && !excludePids.includes(Number(f.split('.')[3])))
  const selfMs = new Map<string, { area: string; ms: number }>()
  const areaMs = new Map<string, number>()
  let totalMs = 0
  let idleMs = 0
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id
    const modulesOf = new Map<number, string[]>()
    const stackModules = (id: number): string[] => {
      const known = modulesOf.get(id)
      if (known) return known
      const node = byId.get(id)!
      const above = node.parent === undefined ? [] : stackModules(node.parent)
      const here = node.callFrame.url.includes('/build/index.js') ? moduleAt(node.callFrame.lineNumber) : null
      const list = here && !above.includes(here) ? [...above, here] : above
      modulesOf.set(id, list)
      return list
    }
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000
      const node = byId.get(id)
      if (!node) return
      totalMs += ms
      const { functionName, url, lineNumber } = node.callFrame
      if (functionName === '(idle)') {
        idleMs += ms
        return
      }
      for (const m of stackModules(id)) moduleMs.set(m, (moduleMs.get(m) ?? 0) + ms)
      const area = areaOf(url, functionName)
      areaMs.set(area, (areaMs.get(area) ?? 0) + ms)
      const key = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim()
      const entry = selfMs.get(key) ?? { area, ms: 0 }
      entry.ms += ms
      selfMs.set(key, entry)
    })
  }
  const busyMs = totalMs - idleMs
  const pct = (ms: number) => Math.round((ms / Math.max(1, busyMs)) * 1000) / 10
  return {
    files: files.length,
    totalMs: Math.round(totalMs),
    busyMs: Math.round(busyMs),
    byArea: [...areaMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), percentOfBusy: pct(ms) })),
    topFunctions: [...selfMs]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([fn, { area, ms }]) => ({ fn, area, ms: Math.round(ms), percentOfBusy: pct(ms) })),
    byModule: [...moduleMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, ms]) => ({ module, ms: Math.round(ms), percentOfBusy: pct(ms) })),
  }
}
