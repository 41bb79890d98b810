/**
 * An internship application's life (domain.md §8 pipeline: campus verification, then partner
 * selection and offering, then onboarding). Named states, one event per transition; a disallowed
 * transition throws, so a model that forgets to check the starting state cannot skip a step.
 *
 *   SUBMITTED ─campusReturn→ CAMPUS_RETURNED ─resubmit→ SUBMITTED
 *   SUBMITTED ─campusApprove→ CAMPUS_VERIFIED ─shortlist→ SHORTLISTED ─offer→ OFFERED
 *   OFFERED ─accept→ ACCEPTED · ─decline→ DECLINED · ─expire→ OFFER_EXPIRED
 *   CAMPUS_VERIFIED | SHORTLISTED ─reject→ REJECTED;  any open state ─withdraw→ WITHDRAWN
 */
export const APPLICATION_STATES = [
  'SUBMITTED',
  'CAMPUS_RETURNED',
  'CAMPUS_VERIFIED',
  'SHORTLISTED',
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'OFFER_EXPIRED',
  'REJECTED',
  'WITHDRAWN',
] as const
export type ApplicationState = (typeof APPLICATION_STATES)[number]

export type ApplicationEvent =
  | 'campusApprove'
  | 'campusReturn'
  | 'resubmit'
  | 'shortlist'
  | 'reject'
  | 'offer'
  | 'accept'
  | 'decline'
  | 'expire'
  | 'withdraw'

const TRANSITIONS: Record<ApplicationEvent, Partial<Record<ApplicationState, ApplicationState>>> = {
  campusApprove: { SUBMITTED: 'CAMPUS_VERIFIED' },
  campusReturn: { SUBMITTED: 'CAMPUS_RETURNED' },
  resubmit: { CAMPUS_RETURNED: 'SUBMITTED' },
  shortlist: { CAMPUS_VERIFIED: 'SHORTLISTED' },
  reject: { CAMPUS_VERIFIED: 'REJECTED', SHORTLISTED: 'REJECTED' },
  offer: { SHORTLISTED: 'OFFERED' },
  accept: { OFFERED: 'ACCEPTED' },
  decline: { OFFERED: 'DECLINED' },
  expire: { OFFERED: 'OFFER_EXPIRED' },
  withdraw: { SUBMITTED: 'WITHDRAWN', CAMPUS_RETURNED: 'WITHDRAWN', CAMPUS_VERIFIED: 'WITHDRAWN', SHORTLISTED: 'WITHDRAWN' },
}

export class TransitionError extends Error {
  constructor(
    readonly from: ApplicationState,
    readonly event: ApplicationEvent,
  ) {
    super(`Internship application: "${event}" is not allowed from ${from}`)
  }
}

export function canTransition(from: ApplicationState, event: ApplicationEvent) {
  return TRANSITIONS[event][from] !== undefined
}

export function nextState(from: ApplicationState, event: ApplicationEvent): ApplicationState {
  const to = TRANSITIONS[event][from]
  if (!to) throw new TransitionError(from, event)
  return to
}

/** The agency sees an application only after the campus verified it (issue 9). */
export const VISIBLE_TO_AGENCY: readonly ApplicationState[] = [
  'CAMPUS_VERIFIED',
  'SHORTLISTED',
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'OFFER_EXPIRED',
  'REJECTED',
]

/**
 * A student holds at most one accepted offer (issue 9; MSIB lets a student take one partner's
 * offer only). The database enforces the same with a partial unique index, so two accepts racing
 * in two tabs cannot both commit; this is the friendly check before it.
 */
export function mayAcceptOffer(otherStates: readonly ApplicationState[]) {
  return !otherStates.includes('ACCEPTED')
}

export function isOfferExpired(offerDeadline: Date, now: Date) {
  return now.getTime() > offerDeadline.getTime()
}

/** Offer deadlines the agency may set, in days after sending. */
export const MIN_OFFER_DAYS = 1
export const MAX_OFFER_DAYS = 14

/** Places that can still be offered: not taken by an accepted offer nor held by an open one. */
export function placesToOffer(places: number, accepted: number, outstandingOffers: number) {
  return Math.max(0, places - accepted - outstandingOffers)
}

export type ShortlistedCandidate = { id: string; interviewScore: number | null; gpa: number; shortlistedAt: Date }

/**
 * Whether a freed place may go to the next candidate automatically now (ADR 019 addendum
 * 2026-12-02): not while a shortlisted candidate's interview has no final score. The next
 * candidate is chosen by interview score, and an unscored candidate could outrank every scored
 * one; the place waits for the last score (the agency may still offer by hand).
 */
export function mayOfferFreedPlaces(interviewsPending: number) {
  return interviewsPending === 0
}

/**
 * Who gets a freed place next: the agency's shortlist in order of interview score (unscored
 * last), then GPA, then who was shortlisted first — a stable order every run reproduces.
 */
export function rankShortlist<T extends ShortlistedCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      (b.interviewScore ?? -1) - (a.interviewScore ?? -1) ||
      b.gpa - a.gpa ||
      a.shortlistedAt.getTime() - b.shortlistedAt.getTime() ||
      a.id.localeCompare(b.id),
  )
}
