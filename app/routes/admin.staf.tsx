import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Alert, Badge, Button, Card, Field, PageHeader, SelectField } from '~/components/ui'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import {
  AGENCY_SCOPED,
  ROLES,
  UNIVERSITY_SCOPED,
  agenciesWith,
  canGrant,
  hasPermission,
  type RoleName,
} from '~/domain/identity/roles'
import { inviteStaff, listStaff, revokeRole } from '~/models/user.server'
import { prisma } from '~/utils/db.server'
import { emailField, requiredText } from '~/utils/forms'
import { actorFrom } from '~/utils/request.server'
import { requireUser, type SessionUser } from '~/utils/session.server'
import { useOptionalUser } from '~/utils/user'

/** Either staff permission opens the page; what it shows and allows depends on which one. */
async function requireStaffManager(request: Request) {
  const user = await requireUser(request)
  const national = hasPermission(user.grants, 'manage:staff:any')
  if (!national && !hasPermission(user.grants, 'manage:staff:agency')) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  const agencyIds = national ? ('all' as const) : agenciesWith(user.grants, 'manage:staff:agency')
  return { user, national, agencyIds }
}

/**
 * The roles this user may give somewhere, asked of the same `canGrant` that decides on submit:
 * a probe scope stands in for "some agency/university", an agency admin's own agency for theirs.
 */
function grantableRoles(user: SessionUser, agencyIds: string[] | 'all'): RoleName[] {
  const probeAgency = agencyIds === 'all' ? 'probe' : (agencyIds[0] ?? null)
  return ROLES.filter((role) => canGrant(user.grants, { role, agencyId: probeAgency, universityId: 'probe' }).ok)
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, national, agencyIds } = await requireStaffManager(request)
  const [staff, agencies, universities] = await Promise.all([
    listStaff({ agencyIds }),
    prisma.agency.findMany({
      where: agencyIds === 'all' ? {} : { id: { in: agencyIds } },
      select: { id: true, code: true, name: true },
      orderBy: { name: 'asc' },
    }),
    // University-scoped roles: a national admin gives any; an agency admin only independent
    // assessors of an institution, to assess their own agency (issue 7).
    national || grantableRoles(user, agencyIds).includes('ASSESSOR')
      ? prisma.university.findMany({ select: { id: true, code: true, name: true }, orderBy: { name: 'asc' } })
      : Promise.resolve([] as { id: string; code: string; name: string }[]),
  ])
  return json({
    national,
    grantableRoles: grantableRoles(user, agencyIds),
    agencies,
    universities,
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      // Only whether a password exists: the hash never leaves the server.
      hasPassword: Boolean(s.passwordHash),
      roles: s.roles.map((r) => ({
        id: r.id,
        role: r.role as RoleName,
        agencyName: r.agency?.name ?? null,
        universityName: r.university?.name ?? null,
        // Same rule revokeRole applies; the button is hidden where the server would refuse.
        canRevoke:
          s.id !== user.id &&
          canGrant(user.grants, { role: r.role as RoleName, agencyId: r.agencyId, universityId: r.universityId }).ok,
      })),
    })),
  })
}

const optionalId = z.string().trim().max(64).optional()

const InviteSchema = z.object({
  intent: z.literal('invite'),
  name: requiredText(120),
  email: emailField,
  role: z.enum(ROLES, { error: 'errors.required' }),
  agencyId: optionalId,
  universityId: optionalId,
})

const RevokeSchema = z.object({
  intent: z.literal('revoke'),
  roleId: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(64),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaffManager(request)
  const formData = await request.formData()
  const actor = actorFrom(request, context, user)

  if (formData.get('intent') === 'revoke') {
    const submission = parseWithZod(formData, { schema: RevokeSchema })
    if (submission.status !== 'success') {
      return json({ intent: 'revoke' as const, error: 'staff.revokeRefused' }, { status: 400 })
    }
    // revokeRole checks the revoker's grants against the role's own agency: another agency's
    // admin posting this id is refused here, whatever the page showed.
    const revoked = await revokeRole(user, submission.value.roleId, actor)
    return revoked
      ? json({ intent: 'revoke' as const, error: null })
      : json({ intent: 'revoke' as const, error: 'staff.revokeRefused' }, { status: 403 })
  }

  const submission = parseWithZod(formData, { schema: InviteSchema })
  if (submission.status !== 'success') {
    return json({ intent: 'invite' as const, result: submission.reply(), message: null }, { status: 400 })
  }
  const { name, email, role } = submission.value
  // A scope that does not apply to the role is dropped rather than stored on the grant.
  // An assessor's agency, when given, is the agency they assess (issue 7).
  const agencyId = AGENCY_SCOPED.includes(role) || role === 'ASSESSOR' ? (submission.value.agencyId ?? null) : null
  const universityId = UNIVERSITY_SCOPED.includes(role) ? (submission.value.universityId ?? null) : null
  const [agencyOk, universityOk] = await Promise.all([
    agencyId ? prisma.agency.count({ where: { id: agencyId } }) : 1,
    universityId ? prisma.university.count({ where: { id: universityId } }) : 1,
  ])
  if (!agencyOk || !universityOk) {
    return json(
      { intent: 'invite' as const, result: submission.reply({ formErrors: ['staff.unknownScope'] }), message: null },
      { status: 400 },
    )
  }

  const outcome = await inviteStaff(user, { name, email, role, agencyId, universityId }, actor)
  if (!outcome.ok) {
    return json(
      { intent: 'invite' as const, result: submission.reply({ formErrors: [outcome.error] }), message: null },
      { status: outcome.error === 'role.notAllowed' ? 403 : 400 },
    )
  }
  return json({
    intent: 'invite' as const,
    result: submission.reply({ resetForm: true }),
    message: { key: outcome.invited ? 'staff.invited' : 'staff.granted', email, role },
  })
}

export default function StaffPage() {
  const { t } = useTranslation()
  const { national, grantableRoles, agencies, universities, staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const me = useOptionalUser()
  const busy = navigation.state !== 'idle'
  const inviteData = actionData?.intent === 'invite' ? actionData : null
  const revokeData = actionData?.intent === 'revoke' ? actionData : null

  const [form, fields] = useForm({
    lastResult: inviteData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  })

  const roleLabel = (role: RoleName) => t(`roles.${role}`)
  const agencyRoles = grantableRoles.filter((r) => AGENCY_SCOPED.includes(r))
  const universityRoles = grantableRoles.filter((r) => UNIVERSITY_SCOPED.includes(r))
  // An agency admin can only give agency roles, so the agency is never "none" for them.
  const agencyAlwaysNeeded = grantableRoles.length > 0 && agencyRoles.length === grantableRoles.length
  const agencyOptions = agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))
  const universityOptions = universities.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))

  return (
    <>
      <PageHeader title={t('staff.title')} lead={t('staff.intro')} />

      {inviteData?.message ? (
        <Alert tone="success">
          {t(inviteData.message.key, { email: inviteData.message.email, role: roleLabel(inviteData.message.role) })}
        </Alert>
      ) : null}
      {revokeData ? (
        revokeData.error ? (
          <Alert tone="error">{t(revokeData.error)}</Alert>
        ) : (
          <Alert tone="success">{t('staff.roleRevoked')}</Alert>
        )
      ) : null}

      {grantableRoles.length ? (
        <Card title={t('staff.invite')}>
          {form.errors?.map((e) => (
            <Alert key={e} tone="error">
              {t(e)}
            </Alert>
          ))}
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="invite" />
            <div className="grid">
              <Field
                label={t('staff.name')}
                name={fields.name.name}
                autoComplete="off"
                defaultValue={fields.name.initialValue}
                errors={fields.name.errors?.map((e) => t(e))}
                maxLength={120}
                required
              />
              <Field
                label={t('staff.email')}
                name={fields.email.name}
                type="email"
                autoComplete="off"
                defaultValue={fields.email.initialValue}
                errors={fields.email.errors?.map((e) => t(e))}
                required
              />
              <SelectField
                label={t('staff.role')}
                name={fields.role.name}
                options={grantableRoles.map((r) => ({ value: r, label: roleLabel(r) }))}
                defaultValue={fields.role.initialValue as string | undefined}
                errors={fields.role.errors?.map((e) => t(e))}
                required
              />
              {agencyRoles.length ? (
                <SelectField
                  label={t('staff.agency')}
                  name={fields.agencyId.name}
                  options={agencyAlwaysNeeded ? agencyOptions : [{ value: '', label: t('staff.none') }, ...agencyOptions]}
                  defaultValue={fields.agencyId.initialValue as string | undefined}
                  errors={fields.agencyId.errors?.map((e) => t(e))}
                  required={agencyAlwaysNeeded}
                />
              ) : null}
              {universityRoles.length ? (
                <SelectField
                  label={t('staff.university')}
                  name={fields.universityId.name}
                  options={[{ value: '', label: t('staff.none') }, ...universityOptions]}
                  defaultValue={fields.universityId.initialValue as string | undefined}
                  errors={fields.universityId.errors?.map((e) => t(e))}
                />
              ) : null}
            </div>
            {national ? (
              <p className="hint">
                {t('staff.scopeHint', {
                  agencyRoles: agencyRoles.map(roleLabel).join(', '),
                  universityRoles: universityRoles.map(roleLabel).join(', '),
                })}
              </p>
            ) : null}
            <p>
              <Button disabled={busy}>{t('staff.submit')}</Button>
            </p>
          </Form>
        </Card>
      ) : null}

      <h2 id="staff-list">{t('staff.list')}</h2>
      {staff.length ? (
        <div className="table-wrap">
          <table aria-labelledby="staff-list">
            <thead>
              <tr>
                <th scope="col">{t('staff.name')}</th>
                <th scope="col">{t('staff.email')}</th>
                <th scope="col">{t('staff.rolesScope')}</th>
                <th scope="col">{t('staff.status')}</th>
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name} {s.id === me?.id ? <Badge>{t('staff.you')}</Badge> : null}
                  </td>
                  <td>{s.email}</td>
                  <td>
                    <ul>
                      {s.roles.map((r) => (
                        <li key={r.id}>
                          {roleLabel(r.role)} — {r.agencyName ?? r.universityName ?? t('staff.nationwide')}{' '}
                          {r.canRevoke ? (
                            <Form method="post" className="inline-form">
                              <input type="hidden" name="intent" value="revoke" />
                              <input type="hidden" name="roleId" value={r.id} />
                              <Button
                                variant="link"
                                disabled={busy}
                                aria-label={t('staff.revokeRoleOf', { role: roleLabel(r.role), email: s.email })}
                              >
                                {t('staff.revokeRole')}
                              </Button>
                            </Form>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {s.hasPassword ? (
                      <Badge tone="ok">{t('staff.active')}</Badge>
                    ) : (
                      <Badge tone="warn">{t('staff.pending')}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('staff.empty')}</p>
      )}
    </>
  )
}

export const meta: MetaFunction = () => [{ title: 'Staf & peran · Portal Seleksi ASN' }]

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
