import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { WINDOW_KINDS, type PeriodRules, type WindowKind } from '~/domain/selection/rules'
import {
  MIN_REASON_LENGTH,
  canSetWindow,
  toWib,
  wibClosing,
  wibOpening,
  windowState,
  type ScheduleIssue,
} from '~/domain/selection/schedule'
import {
  extendWindow,
  getPeriodByCode,
  listFormasiTypes,
  nationalTotals,
  saveRules,
  setWindow,
  type RuleIssue,
} from '~/models/period.server'
import { actorFrom } from '~/utils/request.server'
import { requirePermission } from '~/utils/session.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { useRootData } from '~/utils/user'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:selection:any')
  const period = await getPeriodByCode(params.code ?? '')
  if (!period) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const [formasiTypes, totals] = await Promise.all([listFormasiTypes(), nationalTotals(period.id)])
  const now = new Date()
  return json({
    period: {
      code: period.code,
      name: period.name,
      kind: period.kind,
      year: period.year,
      status: period.status,
      ageCutoffDate: period.ageCutoffDate,
      copiedFrom: period.copiedFrom,
    },
    windows: WINDOW_KINDS.map((kind) => {
      const w = period.windows.find((x) => x.kind === kind)
      return {
        kind,
        window: w
          ? {
              opensAt: w.opensAt,
              closesAt: w.closesAt,
              opens: toWib(w.opensAt),
              closes: toWib(w.closesAt),
              state: windowState(w, now),
              extensions: w.extensions.map((e) => ({
                id: e.id,
                previousClosesAt: e.previousClosesAt,
                newClosesAt: e.newClosesAt,
                reason: e.reason,
                createdAt: e.createdAt,
                createdByName: e.createdByName,
              })),
            }
          : null,
        canSet: canSetWindow(w, now),
      }
    }),
    rules: period.rules,
    specialTypes: specialTypesFor(formasiTypes, period.rules?.rules ?? null),
    totals,
  })
}

/**
 * The special formasi types the rules editor shows: every special type of the reference list, and
 * any type the rules already name (so nothing stored is hidden). Codes become form field names.
 */
function specialTypesFor(types: { code: string; name: string; isSpecial: boolean }[], rules: PeriodRules | null) {
  const list = types.filter((t) => t.isSpecial).map((t) => ({ code: t.code, name: t.name }))
  for (const code of Object.keys(rules?.skdThresholds.special ?? {})) {
    if (!list.some((t) => t.code === code)) list.push({ code, name: code })
  }
  return list.filter((t) => /^[A-Z0-9_]+$/.test(t.code))
}

const dateField = z
  .string({ error: 'errors.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'period.errors.invalidDate')
const timeField = z
  .string({ error: 'errors.required' })
  .trim()
  .regex(/^\d{2}:\d{2}(:\d{2})?$/, 'period.errors.invalidTime')
const kindField = z.enum(WINDOW_KINDS)
const reasonField = z
  .string({ error: 'period.errors.reasonTooShort' })
  .trim()
  .min(MIN_REASON_LENGTH, 'period.errors.reasonTooShort')
  .max(500)

const SetWindowSchema = z
  .object({
    intent: z.literal('setWindow'),
    kind: kindField,
    opensDate: dateField,
    opensTime: timeField,
    closesDate: dateField,
    closesTime: timeField,
  })
  .superRefine((v, ctx) => {
    const opens = wibOpening(v.opensDate, v.opensTime)
    const closes = wibClosing(v.closesDate, v.closesTime)
    if (!opens) ctx.addIssue({ code: 'custom', path: ['opensDate'], message: 'period.errors.invalidDate' })
    if (!closes) ctx.addIssue({ code: 'custom', path: ['closesDate'], message: 'period.errors.invalidDate' })
    if (opens && closes && closes.getTime() <= opens.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['closesDate'], message: 'period.errors.closeNotAfterOpen' })
    }
  })

const ExtendSchema = z
  .object({
    intent: z.literal('extend'),
    kind: kindField,
    newCloseDate: dateField,
    newCloseTime: timeField,
    reason: reasonField,
  })
  .superRefine((v, ctx) => {
    if (!wibClosing(v.newCloseDate, v.newCloseTime)) {
      ctx.addIssue({ code: 'custom', path: ['newCloseDate'], message: 'period.errors.invalidDate' })
    }
  })

const ruleInt = z.number({ error: 'period.ruleErrors.notANumber' }).int('period.ruleErrors.notANumber')

/** The rules editor's fields, named by their path in PeriodRules; special types come from the data. */
function rulesFormSchema(specialCodes: string[]) {
  const special = z
    .object({ total: ruleInt.optional(), tiu: ruleInt.optional() })
    .superRefine((v, ctx) => {
      if ((v.total === undefined) !== (v.tiu === undefined)) {
        const path = v.total === undefined ? 'total' : 'tiu'
        ctx.addIssue({ code: 'custom', path: [path], message: 'period.ruleErrors.specialIncomplete' })
      }
    })
  return z.object({
    intent: z.literal('saveRules'),
    reason: reasonField,
    ageLimits: z.object({
      CPNS: z.object({ min: ruleInt, max: ruleInt.optional() }),
      PPPK: z.object({ min: ruleInt, max: ruleInt.optional() }),
    }),
    skdThresholds: z.object({
      general: z.object({ twk: ruleInt, tiu: ruleInt, tkp: ruleInt }),
      special: z.object(Object.fromEntries(specialCodes.map((code) => [code, special]))),
    }),
    skbWeightLimits: z.object({
      central: z.object({
        catMinPercent: ruleInt,
        additionalMaxPercent: ruleInt,
        interviewMaxPercent: ruleInt,
        maxAdditionalTypes: ruleInt,
      }),
      regional: z.object({
        catMinPercent: ruleInt,
        additionalMaxPercent: ruleInt,
        maxAdditionalTypes: ruleInt,
        interviewAllowed: z.boolean().optional(),
        onlyHighlyTechnical: z.boolean().optional(),
      }),
    }),
    integrationWeights: z.object({ skdPercent: ruleInt, skbPercent: ruleInt }),
    skbQuotaMultiplier: ruleInt,
    objection: z.object({ days: ruleInt, panelAnswerDays: ruleInt, postObjectionAnnouncementDays: ruleInt }),
  })
}
type RulesFormValue = z.infer<ReturnType<typeof rulesFormSchema>>

/** From the editor's values to PeriodRules: an empty maximum age is "no limit", a special type left empty is not listed. */
function toRules(v: RulesFormValue): PeriodRules {
  const special: PeriodRules['skdThresholds']['special'] = {}
  for (const [code, s] of Object.entries(v.skdThresholds.special) as [string, { total?: number; tiu?: number }][]) {
    if (s.total !== undefined && s.tiu !== undefined) special[code] = { total: s.total, tiu: s.tiu }
  }
  return {
    ageLimits: {
      CPNS: { min: v.ageLimits.CPNS.min, max: v.ageLimits.CPNS.max ?? null },
      PPPK: { min: v.ageLimits.PPPK.min, max: v.ageLimits.PPPK.max ?? null },
    },
    skdThresholds: { general: v.skdThresholds.general, special },
    skbWeightLimits: {
      central: v.skbWeightLimits.central,
      regional: {
        catMinPercent: v.skbWeightLimits.regional.catMinPercent,
        additionalMaxPercent: v.skbWeightLimits.regional.additionalMaxPercent,
        maxAdditionalTypes: v.skbWeightLimits.regional.maxAdditionalTypes,
        interviewAllowed: v.skbWeightLimits.regional.interviewAllowed ?? false,
        onlyHighlyTechnical: v.skbWeightLimits.regional.onlyHighlyTechnical ?? false,
      },
    },
    integrationWeights: v.integrationWeights,
    skbQuotaMultiplier: v.skbQuotaMultiplier,
    objection: v.objection,
  }
}

type Message = { key: string; params?: Record<string, string | number> }

function scheduleIssueMessage(issue: ScheduleIssue, changed: WindowKind): Message {
  if (issue.code === 'opensBeforeEarlier') {
    return issue.kind === changed
      ? { key: 'period.errors.opensBeforeEarlier', params: { earlierKind: issue.earlier } }
      : { key: 'period.errors.laterOpensBefore', params: { laterKind: issue.kind } }
  }
  return { key: `period.errors.${issue.code}` }
}

function ruleIssueMessage(issue: RuleIssue): Message & { name: string } {
  return {
    name: issue.path.join('.'),
    key: issue.message.replace(/^rules\./, 'period.ruleErrors.'),
    params: { minimum: issue.minimum ?? '', maximum: issue.maximum ?? '' },
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'manage:selection:any')
  const period = await getPeriodByCode(params.code ?? '')
  if (!period) throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  const actor = actorFrom(request, context, user)
  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'setWindow') {
    const submission = parseWithZod(formData, { schema: SetWindowSchema })
    const kind = kindField.safeParse(formData.get('kind')).data ?? null
    if (submission.status !== 'success') {
      return json({ intent, kind, result: submission.reply(), issues: [] as Message[], done: null }, { status: 400 })
    }
    const v = submission.value
    const outcome = await setWindow(
      period.id,
      v.kind,
      wibOpening(v.opensDate, v.opensTime)!,
      wibClosing(v.closesDate, v.closesTime)!,
      actor,
    )
    if (!outcome.ok) {
      const issues: Message[] =
        outcome.error === 'invalid'
          ? outcome.issues.map((i) => scheduleIssueMessage(i, v.kind))
          : [{ key: `period.errors.${outcome.error}` }]
      return json({ intent, kind, result: submission.reply(), issues, done: null }, { status: outcome.error === 'notFound' ? 404 : 400 })
    }
    return json({ intent, kind, result: submission.reply(), issues: [] as Message[], done: { key: 'period.window.saved' } as Message })
  }

  if (intent === 'extend') {
    const submission = parseWithZod(formData, { schema: ExtendSchema })
    const kind = kindField.safeParse(formData.get('kind')).data ?? null
    if (submission.status !== 'success') {
      return json({ intent, kind, result: submission.reply(), issues: [] as Message[], done: null }, { status: 400 })
    }
    const v = submission.value
    const outcome = await extendWindow(period.id, v.kind, wibClosing(v.newCloseDate, v.newCloseTime)!, v.reason, actor)
    if (!outcome.ok) {
      const issues: Message[] =
        outcome.error === 'invalid' ? outcome.issues.map((i) => ({ key: `period.errors.${i}` })) : [{ key: 'period.errors.notFound' }]
      return json({ intent, kind, result: submission.reply(), issues, done: null }, { status: outcome.error === 'notFound' ? 404 : 400 })
    }
    const done: Message = {
      key: 'period.window.extended',
      params: { closesAt: outcome.extension.newClosesAt.toISOString(), count: outcome.notified, failed: outcome.notifyFailed },
    }
    return json({ intent, kind, result: submission.reply({ resetForm: true }), issues: [] as Message[], done })
  }

  if (intent === 'saveRules') {
    const formasiTypes = await listFormasiTypes()
    const schema = rulesFormSchema(specialTypesFor(formasiTypes, period.rules?.rules ?? null).map((s) => s.code))
    const submission = parseWithZod(formData, { schema })
    if (submission.status !== 'success') {
      return json({ intent, kind: null, result: submission.reply(), issues: [] as (Message & { name: string })[], done: null }, { status: 400 })
    }
    const outcome = await saveRules(period.id, toRules(submission.value), submission.value.reason, actor)
    if (!outcome.ok) {
      const issues =
        outcome.error === 'invalid'
          ? outcome.issues.map(ruleIssueMessage)
          : [{ name: outcome.error === 'reasonTooShort' ? 'reason' : '', key: `period.errors.${outcome.error}` }]
      return json({ intent, kind: null, result: submission.reply(), issues, done: null }, { status: 400 })
    }
    return json({
      intent,
      kind: null,
      result: submission.reply(),
      issues: [] as (Message & { name: string })[],
      done: { key: 'period.rules.saved', params: { version: outcome.version } } as Message,
    })
  }

  throw new Response('Bad request', { status: 400, statusText: 'Bad Request' })
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type WindowRow = LoaderData['windows'][number]
type ActionData = ReturnType<typeof useActionData<typeof action>>

export default function PeriodPage() {
  const { t } = useTranslation()
  const { period, windows, rules, specialTypes, totals } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { locale } = useRootData()
  const wib = (d: string) => formatDateTime(d, { timeZone: 'Asia/Jakarta', locale })
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID')

  return (
    <>
      <p>
        <Link to="/admin/periode">← {t('period.detail.backToList')}</Link>
      </p>
      <PageHeader
        title={period.name}
        lead={t('period.detail.lead', {
          kind: t(`period.kinds.${period.kind}`),
          year: period.year,
          code: period.code,
          status: t(`period.statuses.${period.status}`),
        })}
      >
        {period.copiedFrom ? <p>{t('period.detail.copiedFrom', period.copiedFrom)}</p> : null}
        {period.ageCutoffDate ? (
          <p>{t('period.detail.ageCutoff', { date: formatDate(period.ageCutoffDate, { timeZone: 'UTC', locale }) })}</p>
        ) : null}
        <p>
          <Link to={`/jadwal/${encodeURIComponent(period.code)}`}>{t('period.detail.publicTimeline')}</Link>
        </p>
      </PageHeader>

      <Card title={t('period.schedule.title')}>
        <p className="hint">{t('period.schedule.intro')}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('period.schedule.stage')}</th>
                <th scope="col">{t('period.schedule.opens')}</th>
                <th scope="col">{t('period.schedule.closes')}</th>
                <th scope="col">{t('period.schedule.state')}</th>
              </tr>
            </thead>
            <tbody>
              {windows.map(({ kind, window }) => (
                <tr key={kind}>
                  <th scope="row">{t(`period.windows.${kind}`)}</th>
                  <td>{window ? wib(window.opensAt) : '—'}</td>
                  <td>
                    {window ? wib(window.closesAt) : '—'}
                    {window?.extensions.length ? (
                      <>
                        {' '}
                        <Badge tone="warn">{t('period.schedule.extendedTimes', { count: window.extensions.length })}</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <StateBadge state={window?.state ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      {windows.map((row) => (
        <WindowCard key={row.kind} row={row} actionData={actionData} wib={wib} />
      ))}

      <RulesCard rules={rules} specialTypes={specialTypes} actionData={actionData} wib={wib} />

      <Card title={t('period.totals.title')}>
        <p className="hint">{t('period.totals.intro')}</p>
        {totals.agencies.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('period.totals.agency')}</th>
                  <th scope="col">{t('period.totals.agencyKind')}</th>
                  <th scope="col">{t('period.totals.positions')}</th>
                  <th scope="col">{t('period.totals.vacancies')}</th>
                  <th scope="col">{t('period.totals.applicants')}</th>
                  <th scope="col">{t('period.totals.formation')}</th>
                </tr>
              </thead>
              <tbody>
                {totals.agencies.map((a) => (
                  <tr key={a.agencyId}>
                    <th scope="row">
                      {a.name} ({a.code})
                    </th>
                    <td>{t(`period.totals.agencyKinds.${a.kind}`)}</td>
                    <td>{number.format(a.positions)}</td>
                    <td>{number.format(a.vacancies)}</td>
                    <td>{number.format(a.applicants)}</td>
                    <td>
                      {a.formationStatus
                        ? t('period.totals.formationVersion', {
                            status: t(`period.totals.formationStatuses.${a.formationStatus}`),
                            version: a.formationVersion,
                          })
                        : t('period.totals.formationNone')}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('period.totals.total', { count: totals.totals.agencies })}
                  </th>
                  <td>{number.format(totals.totals.positions)}</td>
                  <td>{number.format(totals.totals.vacancies)}</td>
                  <td>{number.format(totals.totals.applicants)}</td>
                  <td>{t('period.totals.approved', { count: totals.totals.approvedFormations })}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        ) : (
          <p>{t('period.totals.empty')}</p>
        )}
      </Card>
    </>
  )
}

function StateBadge({ state }: { state: 'upcoming' | 'open' | 'closed' | null }) {
  const { t } = useTranslation()
  if (!state) return <Badge>{t('period.states.notSet')}</Badge>
  const tone = state === 'open' ? 'ok' : 'neutral'
  return <Badge tone={tone}>{t(`period.states.${state}`)}</Badge>
}

/** Message keys may name a window kind in their parameters; those are shown by the window's name. */
function useMessage() {
  const { t } = useTranslation()
  return (m: Message, extra: Record<string, string | number> = {}) => {
    const params: Record<string, string | number> = { ...m.params, ...extra }
    if (typeof params.earlierKind === 'string') params.earlier = t(`period.windows.${params.earlierKind}`)
    if (typeof params.laterKind === 'string') params.later = t(`period.windows.${params.laterKind}`)
    return t(m.key, params)
  }
}

function WindowCard({ row, actionData, wib }: { row: WindowRow; actionData: ActionData; wib: (d: string) => string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const message = useMessage()
  const busy = navigation.state !== 'idle'
  const { kind, window, canSet } = row
  const label = t(`period.windows.${kind}`)
  const mine = actionData?.kind === kind ? actionData : null
  const setData = mine?.intent === 'setWindow' ? mine : null
  const extendData = mine?.intent === 'extend' ? mine : null

  const [setForm, setFields] = useForm({
    id: `window-${kind}`,
    lastResult: setData?.result,
    defaultValue: window
      ? { opensDate: window.opens.date, opensTime: window.opens.time, closesDate: window.closes.date, closesTime: window.closes.time }
      : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetWindowSchema }),
  })
  const [extendForm, extendFields] = useForm({
    id: `extend-${kind}`,
    lastResult: extendData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExtendSchema }),
  })
  const tErrors = (errors?: string[]) => errors?.map((e) => t(e))

  return (
    <Card title={label}>
      <p>
        {window
          ? t('period.window.current', { opens: wib(window.opensAt), closes: wib(window.closesAt) })
          : t('period.schedule.notSet')}
      </p>

      {setData?.done ? <Alert tone="success">{message(setData.done, { window: label })}</Alert> : null}
      {setData?.issues.map((m) => (
        <Alert key={m.key} tone="error">
          {message(m)}
        </Alert>
      ))}
      {canSet ? (
        <Form method="post" {...getFormProps(setForm)}>
          <input type="hidden" name="intent" value="setWindow" />
          <input type="hidden" name="kind" value={kind} />
          <div className="grid">
            <Field
              label={t('period.window.opensDate')}
              name={setFields.opensDate.name}
              type="date"
              defaultValue={setFields.opensDate.initialValue}
              errors={tErrors(setFields.opensDate.errors)}
              required
            />
            <Field
              label={t('period.window.opensTime')}
              name={setFields.opensTime.name}
              type="time"
              defaultValue={setFields.opensTime.initialValue}
              errors={tErrors(setFields.opensTime.errors)}
              required
            />
            <Field
              label={t('period.window.closesDate')}
              name={setFields.closesDate.name}
              type="date"
              defaultValue={setFields.closesDate.initialValue}
              errors={tErrors(setFields.closesDate.errors)}
              required
            />
            <Field
              label={t('period.window.closesTime')}
              name={setFields.closesTime.name}
              type="time"
              defaultValue={setFields.closesTime.initialValue ?? (window ? undefined : '23:59')}
              errors={tErrors(setFields.closesTime.errors)}
              required
            />
          </div>
          <p>
            <Button variant="secondary" disabled={busy}>
              {t('period.window.save', { window: label })}
            </Button>
          </p>
        </Form>
      ) : (
        <Alert tone="info">{t('period.window.lockedOpened')}</Alert>
      )}

      {window ? (
        <>
          <h3>{t('period.window.extend')}</h3>
          {extendData?.done ? (
            <Alert tone="success">
              {message(extendData.done, {
                window: label,
                closes: wib(String(extendData.done.params?.closesAt ?? '')),
              })}
              {Number(extendData.done.params?.failed ?? 0) > 0 ? (
                <> {t('period.window.extendedFailed', { count: Number(extendData.done.params?.failed) })}</>
              ) : null}
            </Alert>
          ) : null}
          {extendData?.issues.map((m) => (
            <Alert key={m.key} tone="error">
              {message(m)}
            </Alert>
          ))}
          <Form method="post" {...getFormProps(extendForm)}>
            <input type="hidden" name="intent" value="extend" />
            <input type="hidden" name="kind" value={kind} />
            <div className="grid">
              <Field
                label={t('period.window.newCloseDate')}
                name={extendFields.newCloseDate.name}
                type="date"
                defaultValue={extendFields.newCloseDate.initialValue}
                errors={tErrors(extendFields.newCloseDate.errors)}
                required
              />
              <Field
                label={t('period.window.newCloseTime')}
                name={extendFields.newCloseTime.name}
                type="time"
                defaultValue={extendFields.newCloseTime.initialValue ?? '23:59'}
                errors={tErrors(extendFields.newCloseTime.errors)}
                required
              />
            </div>
            <Field
              label={t('period.window.reason')}
              name={extendFields.reason.name}
              defaultValue={extendFields.reason.initialValue}
              errors={tErrors(extendFields.reason.errors)}
              hint={t('period.window.reasonHint')}
              maxLength={500}
              autoComplete="off"
              required
            />
            <p>
              <Button variant="secondary" disabled={busy}>
                {t('period.window.extendSubmit', { window: label })}
              </Button>
            </p>
          </Form>
          {window.extensions.length ? (
            <>
              <h3>{t('period.window.history')}</h3>
              <ol>
                {window.extensions.map((e) => (
                  <li key={e.id}>
                    {t('period.window.historyEntry', { from: wib(e.previousClosesAt), to: wib(e.newClosesAt), reason: e.reason })}{' '}
                    <span className="hint">
                      ({t('period.window.historyBy', { name: e.createdByName ?? t('period.rules.versionSystem'), at: wib(e.createdAt) })})
                    </span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      ) : null}
    </Card>
  )
}

/** Reads a dotted path ("ageLimits.CPNS.min") from the form's initial values. */
function valueAt(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), source)
}

function rulesToFormValue(rules: PeriodRules | null, specialCodes: string[]) {
  if (!rules) return undefined
  const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n))
  const obj = (o: Record<string, number | boolean | null>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'on' : '') : str(v)]))
  return {
    ageLimits: { CPNS: obj(rules.ageLimits.CPNS), PPPK: obj(rules.ageLimits.PPPK) },
    skdThresholds: {
      general: obj(rules.skdThresholds.general),
      special: Object.fromEntries(
        specialCodes.map((code) => [code, { total: str(rules.skdThresholds.special[code]?.total), tiu: str(rules.skdThresholds.special[code]?.tiu) }]),
      ),
    },
    skbWeightLimits: { central: obj(rules.skbWeightLimits.central), regional: obj(rules.skbWeightLimits.regional) },
    integrationWeights: obj(rules.integrationWeights),
    skbQuotaMultiplier: str(rules.skbQuotaMultiplier),
    objection: obj(rules.objection),
  }
}

function RulesCard({
  rules,
  specialTypes,
  actionData,
  wib,
}: {
  rules: LoaderData['rules']
  specialTypes: LoaderData['specialTypes']
  actionData: ActionData
  wib: (d: string) => string
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const message = useMessage()
  const busy = navigation.state !== 'idle'
  const mine = actionData?.intent === 'saveRules' ? actionData : null
  const codes = specialTypes.map((s) => s.code)
  const codesKey = codes.join(',')
  const schema = useMemo(() => rulesFormSchema(codesKey ? codesKey.split(',') : []), [codesKey])
  const [form] = useForm({
    id: 'rules',
    lastResult: mine?.result,
    defaultValue: rulesToFormValue(rules?.rules ?? null, codes),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const serverIssues = (mine?.issues ?? []) as (Message & { name: string })[]
  const errorsOf = (name: string) => [
    ...(form.allErrors[name] ?? []).map((e) => t(e)),
    ...serverIssues.filter((i) => i.name === name).map((i) => message(i)),
  ]
  const known = new Set<string>()
  const num = (name: string, label: string, hint?: string) => {
    known.add(name)
    const initial = valueAt(form.initialValue, name)
    return (
      <Field
        key={name}
        label={label}
        name={name}
        type="number"
        inputMode="numeric"
        defaultValue={typeof initial === 'string' ? initial : undefined}
        errors={errorsOf(name)}
        hint={hint}
      />
    )
  }
  const check = (name: string, label: string) => {
    known.add(name)
    return (
      <div className="checkbox" key={name}>
        <input id={`rules-${name}`} type="checkbox" name={name} defaultChecked={valueAt(form.initialValue, name) === 'on'} />
        <label htmlFor={`rules-${name}`}>{label}</label>
      </div>
    )
  }
  const groupErrors = (name: string) => {
    known.add(name)
    const list = errorsOf(name)
    return list.length ? <p className="error">{list.join(' ')}</p> : null
  }
  const central = t('period.rules.central')
  const regional = t('period.rules.regional')

  const body = (
    <>
      <fieldset>
        <legend>{t('period.rules.ageLimits')}</legend>
        <div className="grid">
          {num('ageLimits.CPNS.min', t('period.rules.ageMin', { kind: 'CPNS' }))}
          {num('ageLimits.CPNS.max', t('period.rules.ageMax', { kind: 'CPNS' }), t('period.rules.ageMaxHint'))}
          {num('ageLimits.PPPK.min', t('period.rules.ageMin', { kind: 'PPPK' }))}
          {num('ageLimits.PPPK.max', t('period.rules.ageMax', { kind: 'PPPK' }), t('period.rules.ageMaxHint'))}
        </div>
        {groupErrors('ageLimits.CPNS')}
        {groupErrors('ageLimits.PPPK')}
      </fieldset>
      <fieldset>
        <legend>{t('period.rules.skdGeneral')}</legend>
        <div className="grid">
          {num('skdThresholds.general.twk', t('period.rules.twk'))}
          {num('skdThresholds.general.tiu', t('period.rules.tiu'))}
          {num('skdThresholds.general.tkp', t('period.rules.tkp'))}
        </div>
      </fieldset>
      {specialTypes.length ? (
        <fieldset>
          <legend>{t('period.rules.skdSpecial')}</legend>
          <p className="hint">{t('period.rules.skdSpecialHint')}</p>
          <div className="grid">
            {specialTypes.map((s) => (
              <div key={s.code}>
                {num(`skdThresholds.special.${s.code}.total`, t('period.rules.specialTotal', { type: s.name }))}
                {num(`skdThresholds.special.${s.code}.tiu`, t('period.rules.specialTiu', { type: s.name }))}
                {groupErrors(`skdThresholds.special.${s.code}`)}
              </div>
            ))}
          </div>
          {groupErrors('skdThresholds.special')}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('period.rules.skbCentral')}</legend>
        <div className="grid">
          {num('skbWeightLimits.central.catMinPercent', t('period.rules.catMinPercent', { scope: central }))}
          {num('skbWeightLimits.central.additionalMaxPercent', t('period.rules.additionalMaxPercent', { scope: central }))}
          {num('skbWeightLimits.central.interviewMaxPercent', t('period.rules.interviewMaxPercent', { scope: central }))}
          {num('skbWeightLimits.central.maxAdditionalTypes', t('period.rules.maxAdditionalTypes', { scope: central }))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('period.rules.skbRegional')}</legend>
        <div className="grid">
          {num('skbWeightLimits.regional.catMinPercent', t('period.rules.catMinPercent', { scope: regional }))}
          {num('skbWeightLimits.regional.additionalMaxPercent', t('period.rules.additionalMaxPercent', { scope: regional }))}
          {num('skbWeightLimits.regional.maxAdditionalTypes', t('period.rules.maxAdditionalTypes', { scope: regional }))}
        </div>
        {check('skbWeightLimits.regional.interviewAllowed', t('period.rules.interviewAllowed'))}
        {check('skbWeightLimits.regional.onlyHighlyTechnical', t('period.rules.onlyHighlyTechnical'))}
      </fieldset>
      <fieldset>
        <legend>{t('period.rules.integration')}</legend>
        <div className="grid">
          {num('integrationWeights.skdPercent', t('period.rules.skdPercent'))}
          {num('integrationWeights.skbPercent', t('period.rules.skbPercent'))}
        </div>
        {groupErrors('integrationWeights')}
      </fieldset>
      <fieldset>
        <legend>{t('period.rules.quota')}</legend>
        <div className="grid">{num('skbQuotaMultiplier', t('period.rules.skbQuotaMultiplier'))}</div>
      </fieldset>
      <fieldset>
        <legend>{t('period.rules.objection')}</legend>
        <div className="grid">
          {num('objection.days', t('period.rules.objectionDays'))}
          {num('objection.panelAnswerDays', t('period.rules.panelAnswerDays'))}
          {num('objection.postObjectionAnnouncementDays', t('period.rules.postObjectionAnnouncementDays'))}
        </div>
      </fieldset>
    </>
  )
  known.add('reason')
  // Refusals that belong to no field on this form (should not happen) still reach the admin.
  const unplaced = serverIssues.filter((i) => !known.has(i.name))
  const reasonInitial = valueAt(form.initialValue, 'reason')

  return (
    <Card title={t('period.rules.title')}>
      {rules ? (
        <p>
          {t('period.rules.version', {
            version: rules.version,
            at: wib(rules.createdAt),
            name: rules.createdByName ?? t('period.rules.versionSystem'),
            reason: rules.reason ?? '—',
          })}
        </p>
      ) : (
        <p>{t('period.rules.none')}</p>
      )}
      <p className="hint">{t('period.rules.intro')}</p>
      {mine?.done ? <Alert tone="success">{message(mine.done)}</Alert> : null}
      {unplaced.map((m) => (
        <Alert key={`${m.name}:${m.key}`} tone="error">
          {message(m)}
        </Alert>
      ))}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="saveRules" />
        {body}
        <Field
          label={t('period.rules.reason')}
          name="reason"
          defaultValue={typeof reasonInitial === 'string' ? reasonInitial : undefined}
          errors={errorsOf('reason')}
          hint={t('period.rules.reasonHint')}
          maxLength={500}
          autoComplete="off"
          required
        />
        <p>
          <Button disabled={busy}>{t('period.rules.save')}</Button>
        </p>
      </Form>
    </Card>
  )
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.period.name ?? 'Periode seleksi'} · Portal Seleksi ASN` },
]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
