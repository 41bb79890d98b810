import { json, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Alert, Button, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import examStyles from '~/styles/exam.css'
import { parseItemRefs } from '~/domain/exam/item-refs'
import { attemptIdFrom, getExamView, type ExamBundle, type ExamItem, type ExamView, type StartResult } from '~/models/exam-attempt.server'

// The exam page (issue 6): the one place with real client state. The loader only says which
// attempt this is; the items come from the start/resume JSON endpoint, so a reload is cheap and the
// SSR never carries item text. Answers are saved one by one to /ujian/api/simpan; changes not yet
// acknowledged are kept in localStorage and replayed after a disconnect or reload (ADR 014).
export async function loader({ request }: LoaderFunctionArgs) {
  const attemptId = attemptIdFrom(request)
  if (!attemptId) throw redirect('/ujian')
  const view = await getExamView(attemptId)
  if (!view) throw redirect('/ujian')
  if (['FINISHED', 'AUTO_SUBMITTED', 'SCORED', 'ABSENT', 'DISQUALIFIED'].includes(view.state)) throw redirect('/ujian/hasil')
  return json({ view }, { headers: { 'Cache-Control': 'no-store' } })
}

type Change = { seq: number; position: number; optionId: string | null }
type Started = Extract<StartResult, { ok: true }>

/**
 * The items on screen: the start's per-attempt order and option permutation over the bundle's text.
 * The bundle is immutable and cached by the browser, so a resume or a pause poll costs no download.
 */
async function itemsOf(result: Started, cache: Map<string, ExamBundle>): Promise<ExamItem[]> {
  let bundle = cache.get(result.bundle)
  if (!bundle) {
    const response = await fetch(`/ujian/api/paket/${result.bundle}`)
    if (!response.ok) throw new Error(`bundle ${response.status}`)
    bundle = (await response.json()) as ExamBundle
    cache.set(result.bundle, bundle)
  }
  return parseItemRefs(result.items).map((ref) => {
    const version = bundle.versions[ref.versionId]
    return {
      position: ref.position,
      subtest: ref.subtest,
      stemHtml: version?.stemHtml ?? '',
      options: ref.options.map((id) => ({ id, html: version?.options[id] ?? '' })),
    }
  })
}
type Stored = { nextSeq: number; pending: Change[] }
type Problem = 'offline' | 'deadline' | 'paused' | 'conflict' | null

const storageKey = (attemptId: string) => `ujian:${attemptId}`

function readStored(attemptId: string): Stored {
  try {
    const raw = window.localStorage.getItem(storageKey(attemptId))
    if (raw) return JSON.parse(raw) as Stored
  } catch {
    // A browser without storage still works; only the reload safety net is lost.
  }
  return { nextSeq: 1, pending: [] }
}

function writeStored(attemptId: string, stored: Stored) {
  try {
    window.localStorage.setItem(storageKey(attemptId), JSON.stringify(stored))
  } catch {
    // See readStored.
  }
}

export default function ExamPage() {
  const { view: initial } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const [view, setView] = useState<ExamView>(initial)
  const [agreed, setAgreed] = useState(false)
  const [startError, setStartError] = useState<string | null>(null)
  const [items, setItems] = useState<ExamItem[] | null>(null)
  const [answers, setAnswers] = useState<Record<number, string | null>>({})
  const [current, setCurrent] = useState(0)
  const [pendingCount, setPendingCount] = useState(0)
  const [problem, setProblem] = useState<Problem>(null)
  const [remaining, setRemaining] = useState<number | null>(null)
  const [confirming, setConfirming] = useState(false)
  const stored = useRef<Stored>({ nextSeq: 1, pending: [] })
  const inflight = useRef(false)
  const retryTimer = useRef<ReturnType<typeof setTimeout>>()
  const clockOffset = useRef(0)
  const deadline = useRef<number | null>(null)
  const closed = useRef(false)

  const persist = useCallback(() => {
    writeStored(view.attemptId, stored.current)
    setPendingCount(stored.current.pending.length)
  }, [view.attemptId])

  const bundles = useRef(new Map<string, ExamBundle>())

  const applyStart = useCallback(
    async (result: StartResult) => {
      if (!result.ok) {
        if (result.error === 'closed') window.location.assign('/ujian/hasil')
        else setStartError(result.error)
        return false
      }
      const shown = await itemsOf(result, bundles.current)
      setView(result.view)
      clockOffset.current = new Date(result.view.serverNow).getTime() - Date.now()
      deadline.current = result.view.deadline ? new Date(result.view.deadline).getTime() : null
      // Server answers first, then this browser's unacknowledged changes on top, in seq order.
      const local = readStored(result.view.attemptId)
      const merged: Record<number, string | null> = { ...result.answers }
      for (const change of [...local.pending].sort((a, b) => a.seq - b.seq)) merged[change.position] = change.optionId
      const maxLocal = local.pending.reduce((m, c) => Math.max(m, c.seq), 0)
      stored.current = { pending: local.pending, nextSeq: Math.max(local.nextSeq, result.lastSeq + 1, maxLocal + 1) }
      persist()
      setItems(shown)
      setAnswers(merged)
      setProblem(result.view.state === 'PAUSED' ? 'paused' : null)
      return true
    },
    [persist],
  )

  const callStart = useCallback(
    async (withAgreement: boolean) => {
      const response = await fetch('/ujian/api/mulai', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ agreed: withAgreement }),
      })
      return (await response.json()) as StartResult
    },
    [],
  )

  const flush = useCallback(async () => {
    if (inflight.current || closed.current) return
    const batch = stored.current.pending.slice(0, 100)
    if (batch.length === 0) return
    inflight.current = true
    clearTimeout(retryTimer.current)
    let retryIn: number | null = null
    try {
      const response = await fetch('/ujian/api/simpan', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ attemptId: view.attemptId, steps: batch }),
      })
      const outcome = (await response.json()) as { ok: boolean; acked: number[]; error?: string }
      const acked = new Set(outcome.acked ?? [])
      stored.current.pending = stored.current.pending.filter((c) => !acked.has(c.seq))
      persist()
      if (outcome.ok) {
        setProblem(null)
        if (stored.current.pending.length > 0) retryIn = 0
      } else if (outcome.error === 'deadline' || outcome.error === 'closed') {
        closed.current = true
        setProblem('deadline')
      } else if (outcome.error === 'paused') {
        setProblem('paused')
        retryIn = 5000
      } else if (outcome.error === 'conflict') {
        setProblem('conflict')
      } else {
        retryIn = 3000
      }
    } catch {
      setProblem('offline')
      retryIn = 2000
    } finally {
      inflight.current = false
    }
    if (retryIn !== null) retryTimer.current = setTimeout(() => void flush(), retryIn)
  }, [persist, view.attemptId])

  // A paused attempt: ask the server every few seconds whether it resumed (and its new deadline).
  useEffect(() => {
    if (problem !== 'paused') return
    const timer = setInterval(() => {
      void callStart(false)
        .then((result) => {
          if (result.ok && result.view.state === 'IN_PROGRESS') {
            void applyStart(result).then(() => flush())
          }
        })
        .catch(() => {})
    }, 5000)
    return () => clearInterval(timer)
  }, [problem, callStart, applyStart, flush])

  // Resume at once when the attempt already runs (reload, another PC).
  useEffect(() => {
    if (initial.state === 'IN_PROGRESS' || initial.state === 'PAUSED') {
      void callStart(false)
        .then(applyStart)
        .then((ok) => (ok ? flush() : undefined))
        .catch(() => setStartError('offline'))
    }
    const online = () => void flush()
    window.addEventListener('online', online)
    return () => window.removeEventListener('online', online)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // The countdown only displays the server's deadline; the server closes the attempt itself.
  useEffect(() => {
    if (!items) return
    const tick = () => {
      if (deadline.current === null || problem === 'paused') return
      const left = Math.max(0, Math.floor((deadline.current - (Date.now() + clockOffset.current)) / 1000))
      setRemaining(left)
      if (left === 0 && !closed.current) {
        closed.current = true
        setProblem('deadline')
        setTimeout(() => window.location.assign('/ujian/hasil'), 3000)
      }
    }
    tick()
    const timer = setInterval(tick, 1000)
    return () => clearInterval(timer)
  }, [items, problem])

  const choose = useCallback(
    (position: number, optionId: string | null) => {
      if (closed.current || problem === 'paused') return
      const change = { seq: stored.current.nextSeq++, position, optionId }
      stored.current.pending.push(change)
      persist()
      setAnswers((a) => ({ ...a, [position]: optionId }))
      void flush()
    },
    [flush, persist, problem],
  )

  async function start() {
    if (!agreed) {
      setStartError('required')
      return
    }
    try {
      const result = await callStart(true)
      if (await applyStart(result)) void flush()
    } catch {
      setStartError('offline')
    }
  }

  async function finish() {
    await flush()
    const response = await fetch('/ujian/api/selesai', { method: 'POST' })
    if (response.ok) {
      closed.current = true
      window.location.assign('/ujian/hasil')
    }
  }

  // Keyboard: A–E answer, arrows move (the radios also work with Tab and Space).
  useEffect(() => {
    if (!items) return
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text') return
      if (event.altKey || event.ctrlKey || event.metaKey) return
      const item = items[current]
      if (!item) return
      const letter = event.key.toUpperCase()
      const index = 'ABCDEF'.indexOf(letter)
      if (letter.length === 1 && index >= 0 && index < item.options.length) {
        event.preventDefault()
        choose(item.position, item.options[index]!.id)
      } else if (event.key === 'ArrowRight' && target.tagName !== 'INPUT') {
        setCurrent((c) => Math.min(items.length - 1, c + 1))
      } else if (event.key === 'ArrowLeft' && target.tagName !== 'INPUT') {
        setCurrent((c) => Math.max(0, c - 1))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [items, current, choose])

  if (!items) {
    return (
      <div className="narrow">
        <PageHeader title={t('exam.agreement.title')} lead={`${view.candidateName} · ${view.participantNumber}`} />
        <p>{t('exam.agreement.session', { code: view.sessionCode, minutes: view.durationMinutes + view.extraMinutes })}</p>
        {view.extraMinutes > 0 ? <p>{t('exam.agreement.extra', { minutes: view.extraMinutes })}</p> : null}
        {view.minutesIfStartedNow !== null && view.minutesIfStartedNow > 0 && view.minutesIfStartedNow < view.durationMinutes + view.extraMinutes ? (
          <Alert tone="warning">{t('exam.agreement.shortened', { minutes: view.minutesIfStartedNow, full: view.durationMinutes + view.extraMinutes })}</Alert>
        ) : null}
        {view.state === 'NOT_STARTED' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              void start()
            }}
          >
            <p>{t('exam.agreement.text')}</p>
            <div className="field checkbox">
              <input id="agree" type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
              <label htmlFor="agree">{t('exam.agreement.check')}</label>
            </div>
            {startError ? <Alert tone="error">{t(`exam.agreement.${startError}`, { defaultValue: t('exam.page.offline') })}</Alert> : null}
            <Button type="submit">{t('exam.agreement.start')}</Button>
          </form>
        ) : (
          <p role="status">{t('exam.page.loading')}</p>
        )}
      </div>
    )
  }

  const item = items[current]!
  const answeredCount = items.filter((i) => answers[i.position]).length
  const minutes = remaining === null ? '--' : String(Math.floor(remaining / 60)).padStart(2, '0')
  const seconds = remaining === null ? '--' : String(remaining % 60).padStart(2, '0')
  return (
    <div className="exam">
      <div className="exam-bar">
        <h1 className="exam-title">{t('exam.page.title')}</h1>
        <span>
          {view.candidateName} · {view.participantNumber}
        </span>
        <span className="exam-timer" role="timer" aria-label={t('exam.page.timeLeft')}>
          {t('exam.page.timeLeft')}: <strong>{minutes}:{seconds}</strong>
        </span>
        <span aria-live="polite" className="exam-save">
          {pendingCount > 0 ? t('exam.page.pending', { count: pendingCount }) : t('exam.page.saved')}
        </span>
      </div>
      {problem === 'offline' ? <Alert tone="warning">{t('exam.page.offline')}</Alert> : null}
      {problem === 'deadline' ? <Alert tone="error">{t('exam.page.deadline')}</Alert> : null}
      {problem === 'paused' ? <Alert tone="warning">{t('exam.page.paused')}</Alert> : null}
      {problem === 'conflict' ? <Alert tone="error">{t('exam.page.conflict')}</Alert> : null}
      <div className="exam-body">
        <section className="exam-item" aria-labelledby="item-heading">
          <h2 id="item-heading">
            {t('exam.page.question', { n: current + 1, total: items.length })}{' '}
            <small>({t('exam.page.subtest', { code: item.subtest })})</small>
          </h2>
          {/* Safe HTML: rendered by renderStem (raw HTML escaped, images only from the bank's media). */}
          <div className="exam-stem" dangerouslySetInnerHTML={{ __html: item.stemHtml }} />
          <fieldset disabled={closed.current || problem === 'paused'}>
            <legend>{t('exam.page.options')}</legend>
            {item.options.map((option, i) => (
              <div className="exam-option" key={option.id}>
                <input
                  type="radio"
                  id={`opt-${item.position}-${option.id}`}
                  name={`item-${item.position}`}
                  checked={answers[item.position] === option.id}
                  onChange={() => choose(item.position, option.id)}
                />
                <label htmlFor={`opt-${item.position}-${option.id}`}>
                  <strong>{'ABCDEF'[i]}.</strong> <span dangerouslySetInnerHTML={{ __html: option.html }} />
                </label>
              </div>
            ))}
          </fieldset>
          <div className="exam-nav">
            <Button type="button" variant="secondary" disabled={current === 0} onClick={() => setCurrent(current - 1)}>
              {t('exam.page.previous')}
            </Button>
            <Button type="button" variant="secondary" disabled={!answers[item.position] || closed.current} onClick={() => choose(item.position, null)}>
              {t('exam.page.clear')}
            </Button>
            <Button type="button" variant="secondary" disabled={current === items.length - 1} onClick={() => setCurrent(current + 1)}>
              {t('exam.page.next')}
            </Button>
          </div>
          <p className="hint">{t('exam.page.keyboard')}</p>
        </section>
        <nav className="exam-map" aria-label={t('exam.page.map')}>
          <h2>{t('exam.page.map')}</h2>
          <p>{t('exam.page.summary', { answered: answeredCount, total: items.length })}</p>
          <ol>
            {items.map((it, i) => {
              const done = Boolean(answers[it.position])
              return (
                <li key={it.position}>
                  <button
                    type="button"
                    className={`map-cell ${done ? 'map-answered' : 'map-unanswered'}${i === current ? ' map-current' : ''}`}
                    aria-current={i === current ? 'step' : undefined}
                    aria-label={`${i + 1}, ${done ? t('exam.page.answered') : t('exam.page.unanswered')}`}
                    onClick={() => setCurrent(i)}
                  >
                    {i + 1}
                    <span aria-hidden="true">{done ? '✓' : '–'}</span>
                  </button>
                </li>
              )
            })}
          </ol>
          {confirming ? (
            <div role="alertdialog" aria-labelledby="confirm-finish" className="exam-confirm">
              <p id="confirm-finish">{t('exam.page.confirmFinish', { unanswered: items.length - answeredCount })}</p>
              <Button type="button" variant="danger" onClick={() => void finish()}>
                {t('exam.page.finish')}
              </Button>{' '}
              <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
                {t('exam.page.previous')}
              </Button>
            </div>
          ) : (
            <Button type="button" variant="danger" disabled={closed.current} onClick={() => setConfirming(true)}>
              {t('exam.page.finish')}
            </Button>
          )}
        </nav>
      </div>
    </div>
  )
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: examStyles }]

export const meta: MetaFunction = () => [{ title: 'Ujian CAT — Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
