import fs from 'node:fs'
import os from 'node:os'
import { execFileSync } from 'node:child_process'

/**
 * CPU time of process groups from /proc (Linux), like `pidusage` but for whole process trees and
 * without a dependency: the benches use it to say what saturates — the portal's processes, its
 * PostgreSQL, the load generator itself, or something else on the machine.
 *
 * A group is a set of root pids; each sample walks /proc once and adds up user + system time of
 * every live process in the roots' subtrees (threads included, since /proc/<pid>/stat counts them).
 * A process that ended inside a tree is counted through its parent's cutime/cstime (once reaped).
 */
export type CpuGroups = Record<string, { pids: () => number[]; tree: boolean }>

export type CpuSample = { at: number; machineBusy: number; machineTotal: number; groups: Record<string, number> }

export type CpuShare = {
  seconds: number
  /** Percent of ONE core, per group (200 % = both cores of a 2-core machine). */
  percentOfCore: Record<string, number>
  /** Everything busy on the machine (all processes, including other users'), percent of one core. */
  machineBusyPercentOfCore: number
  /** machine busy − the groups: other work on the machine during the phase. */
  otherPercentOfCore: number
  cores: number
}

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
  } catch {
    return 100
  }
})()

export function clockTicks() {
  return TICKS
}

type Proc = { pid: number; ppid: number; ticks: number; childTicks: number }

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const ppid = Number(rest[1])
      const ticks = Number(rest[11]) + Number(rest[12]) // utime + stime
      const childTicks = Number(rest[13]) + Number(rest[14]) // cutime + cstime: children it reaped
      procs.set(Number(entry), { pid: Number(entry), ppid, ticks, childTicks })
    } catch {
      // ended while we looked
    }
  }
  return procs
}

function groupTicks(procs: Map<number, Proc>, roots: number[], tree: boolean) {
  if (!tree) return roots.reduce((sum, pid) => sum + (procs.get(pid)?.ticks ?? 0), 0)
  const children = new Map<number, number[]>()
  for (const p of procs.values()) {
    const list = children.get(p.ppid) ?? []
    list.push(p.pid)
    children.set(p.ppid, list)
  }
  const seen = new Set<number>()
  const stack = roots.filter((pid) => procs.has(pid))
  let ticks = 0
  while (stack.length) {
    const pid = stack.pop()!
    if (seen.has(pid)) continue
    seen.add(pid)
    // A process that ended (a PostgreSQL backend closed by the pool) is counted in its parent's
    // cutime/cstime once reaped, so a tree keeps its time; a lone pid does not take its children's.
    ticks += (procs.get(pid)?.ticks ?? 0) + (procs.get(pid)?.childTicks ?? 0)
    for (const c of children.get(pid) ?? []) stack.push(c)
  }
  return ticks
}

function machineTicks() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0) // idle + iowait
  const total = cpu.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

export function sampleCpu(groups: CpuGroups): CpuSample {
  const procs = readProcs()
  const m = machineTicks()
  return {
    at: performance.now(),
    machineBusy: m.busy,
    machineTotal: m.total,
    groups: Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, groupTicks(procs, g.pids(), g.tree)])),
  }
}

/**
 * The groups' CPU between two samples. Groups must not overlap (a pid in two groups is counted
 * twice): give a parent process as a single pid (`tree: false`) when its children form a group.
 */
export function cpuShare(a: CpuSample, b: CpuSample): CpuShare {
  const seconds = (b.at - a.at) / 1000
  const cores = os.availableParallelism()
  const pct = (ticks: number) => Math.round((ticks / TICKS / seconds) * 1000) / 10
  const percentOfCore: Record<string, number> = {}
  for (const name of Object.keys(b.groups)) {
    percentOfCore[name] = pct(Math.max(0, (b.groups[name] ?? 0) - (a.groups[name] ?? 0)))
  }
  // /proc/stat counts all CPUs together: its busy share times the core count is percent of one core.
  const machineBusyPercentOfCore =
    Math.round(((b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal)) * cores * 1000) / 10
  const ours = Object.values(percentOfCore).reduce((s, v) => s + v, 0)
  return {
    seconds: Math.round(seconds * 10) / 10,
    percentOfCore,
    machineBusyPercentOfCore,
    otherPercentOfCore: Math.max(0, Math.round((machineBusyPercentOfCore - ours) * 10) / 10),
    cores,
  }
}

/** The pid in a PostgreSQL data directory's postmaster.pid (the postmaster), or null. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}
