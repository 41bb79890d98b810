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
export type AllocationResult = { seats: Seat[]; unplaced: string[] }

export function allocate(candidates: readonly AllocCandidate[], sessions: readonly AllocSession[]): AllocationResult {
  const ordered = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
  // Free seats per session, in room then seat order.
  const free = new Map<string, { roomId: string; roomCode: string; seat: number }[]>()
  for (const s of ordered) {
    const taken = new Set(s.taken.map((t) => `${t.roomId}:${t.seat}`))
    const list: { roomId: string; roomCode: string; seat: number }[] = []
    for (const room of [...s.rooms].sort((a, b) => a.code.localeCompare(b.code))) {
      for (let seat = 1; seat <= room.seats; seat++) {
        if (!taken.has(`${room.id}:${seat}`)) list.push({ roomId: room.id, roomCode: room.code, seat })
      }
    }
    free.set(s.id, list.slice(0, Math.max(0, s.capacity - s.taken.length)))
  }
  const freeAtSite = (siteId: string) => ordered.filter((s) => s.siteId === siteId).reduce((n, s) => n + free.get(s.id)!.length, 0)
  const sites = [...new Set(ordered.map((s) => s.siteId))]

  const seats: Seat[] = []
  const unplaced: string[] = []
  for (const c of [...candidates].sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber))) {
    let siteId = c.siteId && freeAtSite(c.siteId) > 0 ? c.siteId : null
    if (!siteId) {
      const best = sites.map((id) => ({ id, n: freeAtSite(id) })).sort((a, b) => b.n - a.n)[0]
      siteId = best && best.n > 0 ? best.id : null
    }
    const session = siteId ? ordered.find((s) => s.siteId === siteId && free.get(s.id)!.length > 0) : undefined
    if (!session) {
      unplaced.push(c.applicationId)
      continue
    }
    const spot = free.get(session.id)!.shift()!
    seats.push({ applicationId: c.applicationId, sessionId: session.id, roomId: spot.roomId, roomCode: spot.roomCode, seat: spot.seat })
  }
  return { seats, unplaced }
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
