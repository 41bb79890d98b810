/**
 * Allocating MS candidates to sessions, rooms and seats (issue 6): each candidate goes to the first
 * session with a free seat at the site they asked for; candidates without a preference (or whose
 * site is full) go to the site with the most free seats. Deterministic: candidates are taken in
 * registration-number order, sessions in start order, so a re-run gives the same plan.
 */

export type AllocCandidate = { applicationId: string; registrationNumber: string; siteId: string | null }
export type AllocRoom = { id: string; code: string; seats: number }
export type AllocSession = { id: string; siteId: string; startsAt: Date; capacity: number; rooms: AllocRoom[]; taken: { roomId: string; seat: number }[] }
export type Seat = { applicationId: string; sessionId: string; roomId: string; roomCode: string; seat: number }

/**
 * Why a candidate ended where they did, for the per-site report of the planning page:
 * - `preferred`: seated at the site they chose;
 * - `noPreference`: chose no site, seated where most seats were free;
 * - `preferredFull`: their site was full (or has no session of this test), seated elsewhere;
 * - `noSeat`: every session of this test is full: not placed;
 * - `noSession`: no session of this test is planned at all: not placed.
 */
export type AllocationReason = 'preferred' | 'noPreference' | 'preferredFull' | 'noSeat' | 'noSession'
export type AllocationOutcome = { applicationId: string; preferredSiteId: string | null; siteId: string | null; reason: AllocationReason }
export type AllocationResult = { seats: Seat[]; unplaced: string[]; outcomes: AllocationOutcome[] }

type FreeSeat = { roomId: string; roomCode: string; seat: number }

/**
 * The sessions as `allocate` takes them, from the database's rows: each session with its site's
 * rooms and its seats already taken. Rooms and seats are grouped once, not filtered per session —
 * a national run has tens of thousands of sessions.
 */
export function allocationSessions(
  sessions: readonly { id: string; siteId: string | null; startsAt: Date; capacity: number }[],
  rooms: readonly { id: string; siteId: string; code: string; seats: number }[],
  taken: readonly { sessionId: string; roomId: string | null; seatNumber: number | null }[],
): AllocSession[] {
  const roomsBySite = new Map<string, AllocRoom[]>()
  for (const r of rooms) {
    const list = roomsBySite.get(r.siteId) ?? []
    list.push({ id: r.id, code: r.code, seats: r.seats })
    roomsBySite.set(r.siteId, list)
  }
  const takenBySession = new Map<string, { roomId: string; seat: number }[]>()
  for (const t of taken) {
    // An online session's attempts (ADR 019 addendum) have no seat to take.
    if (t.roomId === null || t.seatNumber === null) continue
    const list = takenBySession.get(t.sessionId) ?? []
    list.push({ roomId: t.roomId, seat: t.seatNumber })
    takenBySession.set(t.sessionId, list)
  }
  // Only sessions at a site seat anyone; an online session has no rooms.
  return sessions.flatMap((s) => (s.siteId === null ? [] : [{ ...s, siteId: s.siteId }])).map((s) => ({
    id: s.id,
    siteId: s.siteId,
    startsAt: s.startsAt,
    capacity: s.capacity,
    rooms: roomsBySite.get(s.siteId) ?? [],
    taken: takenBySession.get(s.id) ?? [],
  }))
}

export function allocate(candidates: readonly AllocCandidate[], sessions: readonly AllocSession[]): AllocationResult {
  const ordered = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
  // Free seats per session, in room then seat order; per site, its sessions in start order and a
  // running count of free seats, so each candidate costs O(sites) and not O(sessions).
  const free = new Map<string, FreeSeat[]>()
  const bySite = new Map<string, { sessions: AllocSession[]; next: number; free: number }>()
  for (const s of ordered) {
    const taken = new Set(s.taken.map((t) => `${t.roomId}:${t.seat}`))
    const list: FreeSeat[] = []
    const limit = Math.max(0, s.capacity - s.taken.length)
    for (const room of [...s.rooms].sort((a, b) => a.code.localeCompare(b.code))) {
      for (let seat = 1; seat <= room.seats && list.length < limit; seat++) {
        if (!taken.has(`${room.id}:${seat}`)) list.push({ roomId: room.id, roomCode: room.code, seat })
      }
    }
    free.set(s.id, list)
    const site = bySite.get(s.siteId) ?? { sessions: [], next: 0, free: 0 }
    site.sessions.push(s)
    site.free += list.length
    bySite.set(s.siteId, site)
  }
  const siteIds = [...bySite.keys()]

  const seats: Seat[] = []
  const unplaced: string[] = []
  const outcomes: AllocationOutcome[] = []
  for (const c of [...candidates].sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber))) {
    const preferredOpen = c.siteId !== null && (bySite.get(c.siteId)?.free ?? 0) > 0
    let siteId: string | null = preferredOpen ? c.siteId : null
    if (!siteId) {
      // The site with the most free seats; ties go to the first planned site (deterministic).
      let best: { id: string; n: number } | null = null
      for (const id of siteIds) {
        const n = bySite.get(id)!.free
        if (n > 0 && (!best || n > best.n)) best = { id, n }
      }
      siteId = best?.id ?? null
    }
    if (!siteId) {
      unplaced.push(c.applicationId)
      outcomes.push({ applicationId: c.applicationId, preferredSiteId: c.siteId, siteId: null, reason: ordered.length === 0 ? 'noSession' : 'noSeat' })
      continue
    }
    const site = bySite.get(siteId)!
    while (free.get(site.sessions[site.next]!.id)!.length === 0) site.next++
    const session = site.sessions[site.next]!
    const spot = free.get(session.id)!.shift()!
    site.free--
    seats.push({ applicationId: c.applicationId, sessionId: session.id, roomId: spot.roomId, roomCode: spot.roomCode, seat: spot.seat })
    const reason: AllocationReason = preferredOpen ? 'preferred' : c.siteId === null ? 'noPreference' : 'preferredFull'
    outcomes.push({ applicationId: c.applicationId, preferredSiteId: c.siteId, siteId, reason })
  }
  return { seats, unplaced, outcomes }
}

/** Seat numbers next to `seat` in a room laid out in rows of `perRow` (left, right, front, back). */
export function neighbourSeats(seat: number, seats: number, perRow = 5): number[] {
  const row = Math.floor((seat - 1) / perRow)
  const col = (seat - 1) % perRow
  const out: number[] = []
  if (col > 0) out.push(seat - 1)
  if (col < perRow - 1 && seat + 1 <= seats) out.push(seat + 1)
  if (row > 0) out.push(seat - perRow)
  if (seat + perRow <= seats) out.push(seat + perRow)
  return out
}

/**
 * The tests that are planned (ADR 020), and whose applications sit them: SKD and PPPK the verified
 * (MS) applicants of that selection kind; SKB CAT (domain.md §5) the CPNS candidates who passed SKD
 * to SKB in the published SKD list (ADR 017: code P/L), ADR 020 addendum.
 */
export const PLANNABLE_BLUEPRINTS = { SKD_2024: 'CPNS', PPPK_2024: 'PPPK', SKB_CAT_2024: 'CPNS' } as const
export type PlannableBlueprint = keyof typeof PLANNABLE_BLUEPRINTS

/** Where a test's candidates come from: the MS verdict, or the SKD ranking. */
export type CandidateSource = { kind: 'verifiedMs'; selectionKind: 'CPNS' | 'PPPK' } | { kind: 'skdPassed'; codes: readonly string[] }

/** The SKD ranking codes that go on to SKB (domain.md §4: P/L = meets the threshold and is inside the SKB quota). */
export const SKB_FROM_SKD_CODES = ['P/L'] as const

export function candidateSource(code: PlannableBlueprint): CandidateSource {
  return code === 'SKB_CAT_2024' ? { kind: 'skdPassed', codes: SKB_FROM_SKD_CODES } : { kind: 'verifiedMs', selectionKind: PLANNABLE_BLUEPRINTS[code] }
}

export function isPlannable(code: string): code is PlannableBlueprint {
  return code in PLANNABLE_BLUEPRINTS
}

/** The blueprint an application's selection kind sits. */
export function blueprintForKind(kind: 'CPNS' | 'PPPK'): PlannableBlueprint {
  return kind === 'PPPK' ? 'PPPK_2024' : 'SKD_2024'
}
