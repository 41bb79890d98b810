/**
 * The attempt state machine (issue 6; CONVENTIONS.md "The exam and other state machines", after
 * Moodle `mod/quiz` quiz_attempt: named states, one function per transition, disallowed transitions
 * throw). Pure: the model runs each transition in one transaction with its audit row.
 *
 *   NOT_STARTED ─start→ IN_PROGRESS ⇄ PAUSED (proctor, verified outage; time credited)
 *        │                 │ finish (candidate)      → FINISHED ─┐
 *        │                 │ deadline (server sweep) → AUTO_SUBMITTED ─┤ score → SCORED (regrade: SCORED → SCORED)
 *        └─ absent (no PIN when issuance closed) → ABSENT
 *   checked in, running, paused, finished or scored ─disqualify (proctor, with a reason)→ DISQUALIFIED (DIS)
 */

export const ATTEMPT_STATES = ['NOT_STARTED', 'IN_PROGRESS', 'PAUSED', 'FINISHED', 'AUTO_SUBMITTED', 'SCORED', 'ABSENT', 'DISQUALIFIED'] as const
export type AttemptState = (typeof ATTEMPT_STATES)[number]

export type Transition = 'start' | 'pause' | 'resume' | 'finish' | 'autoSubmit' | 'score' | 'regrade' | 'markAbsent' | 'disqualify'

const ALLOWED: Record<Transition, { from: readonly AttemptState[]; to: AttemptState }> = {
  start: { from: ['NOT_STARTED'], to: 'IN_PROGRESS' },
  pause: { from: ['IN_PROGRESS'], to: 'PAUSED' },
  resume: { from: ['PAUSED'], to: 'IN_PROGRESS' },
  finish: { from: ['IN_PROGRESS'], to: 'FINISHED' },
  autoSubmit: { from: ['IN_PROGRESS'], to: 'AUTO_SUBMITTED' },
  score: { from: ['FINISHED', 'AUTO_SUBMITTED'], to: 'SCORED' },
  regrade: { from: ['SCORED'], to: 'SCORED' },
  markAbsent: { from: ['NOT_STARTED'], to: 'ABSENT' },
  // domain.md §3: violators are disqualified (DIS) — also after finishing, when the violation is
  // found later in the session. A no-show (ABSENT) cannot be disqualified; a DIS is final.
  disqualify: { from: ['NOT_STARTED', 'IN_PROGRESS', 'PAUSED', 'FINISHED', 'AUTO_SUBMITTED', 'SCORED'], to: 'DISQUALIFIED' },
}

/**
 * The closed states: an attempt never leaves them for a running one (no transition leads back to
 * IN_PROGRESS or PAUSED), so nothing prepared for its start or exam page is needed again.
 */
export const CLOSED_STATES = ['FINISHED', 'AUTO_SUBMITTED', 'SCORED', 'ABSENT', 'DISQUALIFIED'] as const satisfies readonly AttemptState[]

/** A DIS needs a reason an auditor can read (ADR 020). */
export const DIS_REASON_MIN = 10

export class TransitionError extends Error {
  constructor(
    readonly transition: Transition,
    readonly from: AttemptState,
  ) {
    super(`Transition ${transition} is not allowed from ${from}`)
    this.name = 'TransitionError'
  }
}

/** The states a transition may start from (for the `WHERE state IN (…)` of a set-based update). */
export function fromStates(transition: Transition): readonly AttemptState[] {
  return ALLOWED[transition].from
}

export function canTransition(transition: Transition, from: AttemptState): boolean {
  return ALLOWED[transition].from.includes(from)
}

/** The state after `transition`; throws TransitionError when it is not allowed from `from`. */
export function nextState(transition: Transition, from: AttemptState): AttemptState {
  if (!canTransition(transition, from)) throw new TransitionError(transition, from)
  return ALLOWED[transition].to
}

/** Answers are accepted only while the attempt runs. */
export function acceptsAnswers(state: AttemptState): boolean {
  return state === 'IN_PROGRESS'
}

export function isClosed(state: AttemptState): boolean {
  return (CLOSED_STATES as readonly AttemptState[]).includes(state)
}

/**
 * The server's deadline (ARCHITECTURE.md hot path 3): startedAt + duration + accommodation extra
 * time. Paused time is credited by moving the deadline when the attempt resumes (`resumedDeadline`).
 */
export function deadlineOf(startedAt: Date, durationMinutes: number, extraMinutes: number): Date {
  return new Date(startedAt.getTime() + (durationMinutes + extraMinutes) * 60_000)
}

/** The deadline after a pause from `pausedAt` to `resumedAt`: the paused interval is credited in full. */
export function resumedDeadline(deadline: Date, pausedAt: Date, resumedAt: Date): Date {
  return new Date(deadline.getTime() + Math.max(0, resumedAt.getTime() - pausedAt.getTime()))
}

/** Whole seconds left at `now` (0 once past); what the candidate's countdown starts from. */
export function secondsLeft(deadline: Date, now: Date): number {
  return Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000))
}

/**
 * The current answer per position from the stored steps: the step with the highest seq wins, in
 * whatever order the steps arrived (a replay after a reconnect may deliver old seqs late).
 */
export function currentAnswers(steps: readonly { seq: number; position: number; optionId: string | null }[]): Map<number, string | null> {
  const best = new Map<number, { seq: number; optionId: string | null }>()
  for (const s of steps) {
    const prev = best.get(s.position)
    if (!prev || s.seq > prev.seq) best.set(s.position, { seq: s.seq, optionId: s.optionId })
  }
  return new Map([...best].map(([position, v]) => [position, v.optionId]))
}
