import type { ReactNode } from 'react'
import { Form } from '@remix-run/react'
import { Button } from '~/components/ui'

/** The longest reason a staff decision takes; the actions' schemas cap it at the same length. */
export const REASON_MAX = 1000

type ReasonFormProps = {
  /** The action's `intent`. */
  intent: string
  /** The record the decision is about, sent as hidden fields (e.g. `{ sessionId }`). */
  hidden: Record<string, string>
  /** The reason textarea's id: unique per row of the page. */
  reasonId: string
  reasonLabel: string
  /** The rule's minimum (CHANGE_REASON_MIN, DIS_REASON_MIN); the action checks it again. */
  minLength: number
  submitLabel: string
  variant?: 'secondary' | 'danger'
  disabled?: boolean
  /** Fields asked before the reason (e.g. the target session of a move). */
  children?: ReactNode
}

/**
 * A staff decision that needs a written reason an auditor can read: a session cancelled or a
 * candidate moved (ADR 020 addendum), a disqualification (DIS). Works without JavaScript; a refusal
 * comes back in the page's alert.
 */
export function ReasonForm({ intent, hidden, reasonId, reasonLabel, minLength, submitLabel, variant = 'secondary', disabled, children }: ReasonFormProps) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <div className="field">
        <label htmlFor={reasonId}>{reasonLabel}</label>
        <textarea id={reasonId} name="reason" required minLength={minLength} maxLength={REASON_MAX} rows={2} />
      </div>
      <Button type="submit" variant={variant} disabled={disabled}>
        {submitLabel}
      </Button>
    </Form>
  )
}
