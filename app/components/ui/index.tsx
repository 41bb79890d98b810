import { type ReactNode, useId } from 'react'

/** The portal's small design system (ADR 007): plain CSS classes, accessible by default. */

export function PageHeader({ title, lead, children }: { title: string; lead?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </header>
  )
}

type AlertTone = 'info' | 'success' | 'warning' | 'error'
const ALERT_ICON: Record<AlertTone, string> = { info: 'ℹ', success: '✓', warning: '!', error: '✕' }

export function Alert({ tone = 'info', children, title }: { tone?: AlertTone; title?: string; children: ReactNode }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      <span className="alert-icon" aria-hidden="true">
        {ALERT_ICON[tone]}
      </span>
      <div>
        {title ? <strong className="alert-title">{title}</strong> : null}
        <div>{children}</div>
      </div>
    </div>
  )
}

type FieldProps = {
  label: string
  name: string
  type?: string
  defaultValue?: string
  errors?: readonly string[] | string | null
  hint?: ReactNode
  required?: boolean
  autoComplete?: string
  inputMode?: 'text' | 'numeric' | 'email' | 'tel'
  autoFocus?: boolean
  maxLength?: number
}

export function Field({ label, name, type = 'text', defaultValue, errors, hint, ...rest }: FieldProps) {
  const id = useId()
  const list = errors ? (Array.isArray(errors) ? errors : [errors]) : []
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = list.length ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {rest.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        aria-invalid={list.length ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...rest}
      />
      {list.length ? (
        <p className="error" id={errorId}>
          {list.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

export function SelectField({
  label,
  name,
  options,
  defaultValue,
  errors,
  required,
}: {
  label: string
  name: string
  options: { value: string; label: string }[]
  defaultValue?: string
  errors?: readonly string[] | string | null
  required?: boolean
}) {
  const id = useId()
  const list = errors ? (Array.isArray(errors) ? errors : [errors]) : []
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        required={required}
        aria-invalid={list.length ? true : undefined}
        aria-describedby={list.length ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {list.length ? (
        <p className="error" id={`${id}-error`}>
          {list.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

export function Button({
  children,
  variant = 'primary',
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'link' }) {
  return (
    <button className={`btn btn-${variant}`} type={props.type ?? 'submit'} {...props}>
      {children}
    </button>
  )
}

export function Card({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </section>
  )
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'ok' | 'bad' | 'warn' }) {
  return <span className={`badge badge-${tone}`}>{children}</span>
}
