import { type ReactNode, useId } from 'react'

/**
 * A file input with the same label/hint/error wiring as `Field` (app/components/ui), plus what a
 * file needs: `accept` (a hint for the picker only — the server checks the bytes) and a note about
 * a file already uploaded.
 */
export function FileField({
  label,
  name,
  accept,
  hint,
  current,
  errors,
  required,
}: {
  label: string
  name: string
  accept: string
  hint?: ReactNode
  /** Shown when a file was already accepted, e.g. "Uploaded (120 KB)". */
  current?: ReactNode
  errors?: readonly string[] | null
  required?: boolean
}) {
  const id = useId()
  const list = errors ?? []
  const hintId = hint ? `${id}-hint` : undefined
  const currentId = current ? `${id}-current` : undefined
  const errorId = list.length ? `${id}-error` : undefined
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {current ? (
        <p className="hint file-current" id={currentId}>
          <span aria-hidden="true">✓ </span>
          {current}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        required={required && !current}
        aria-invalid={list.length ? true : undefined}
        aria-describedby={[hintId, currentId, errorId].filter(Boolean).join(' ') || undefined}
      />
      {list.length ? (
        <p className="error" id={errorId}>
          {list.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
