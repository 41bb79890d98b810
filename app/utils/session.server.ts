import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { remember } from '@epic-web/remember'
import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import {
  hasPermission,
  permissionsOf,
  type Permission,
  type RoleGrant,
  type RoleName,
} from '~/domain/identity/roles'

/**
 * Sessions are a signed, httpOnly, SameSite=Lax cookie that names a Session row. The row lets a
 * user see and end their sessions ("sign out everywhere") and lets any app process check them.
 */
export const sessionStorage = remember('sessionStorage', () => {
  const env = getEnv()
  return createCookieSessionStorage({
    cookie: {
      name: '__session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: env.APP_URL.startsWith('https://'),
      secrets: [env.SESSION_SECRET],
    },
  })
})

export type SessionUser = {
  id: string
  email: string
  name: string
  locale: string
  timeZone: string
  emailVerified: boolean
  isDemo: boolean
  sessionId: string
  grants: (RoleGrant & { agencyName: string | null; universityName: string | null })[]
  permissions: Permission[]
  primaryRole: RoleName | null
}

const LAST_SEEN_RESOLUTION_MS = 5 * 60_000

async function readSessionId(request: Request): Promise<string | null> {
  const session = await sessionStorage.getSession(request.headers.get('Cookie'))
  const id = session.get('sessionId')
  return typeof id === 'string' ? id : null
}

/**
 * Lookups of a session now in progress in this process. Remix runs the root loader and the page's
 * loaders at the same time, and each asks for the user: they share one lookup (one SQL statement)
 * instead of each making its own. Only a lookup still in flight is shared, never a finished one, so
 * a session revoked or expired before a request arrives is never reported as live to it.
 */
const lookupsInFlight = new Map<string, Promise<SessionUser | null>>()

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  const pending = lookupsInFlight.get(sessionId)
  if (pending) return pending
  const lookup = lookUpSession(sessionId).finally(() => lookupsInFlight.delete(sessionId))
  lookupsInFlight.set(sessionId, lookup)
  return lookup
}

type SessionRow = {
  sessionId: string
  lastSeenAt: Date
  id: string
  email: string
  name: string
  locale: string
  timeZone: string
  emailVerifiedAt: Date | null
  isDemo: boolean
  roles: { role: string; agencyId: string | null; universityId: string | null; agencyName: string | null; universityName: string | null }[] | string
}

/**
 * One SQL statement for the session, its user and their roles with agency/university names: it
 * runs on every page, and as a Prisma `include` it cost several queries and ~7× the CPU (issue 4's
 * registration bench, ADR 023). Same rules as before: not revoked, not expired by the server clock.
 */
async function lookUpSession(sessionId: string): Promise<SessionUser | null> {
  const rows = await prisma.$queryRaw<SessionRow[]>`
    SELECT s.id AS "sessionId", s."lastSeenAt", u.id, u.email, u.name, u.locale, u."timeZone", u."emailVerifiedAt", u."isDemo",
      COALESCE((
        SELECT json_agg(json_build_object('role', r.role, 'agencyId', r."agencyId", 'universityId', r."universityId",
                                          'agencyName', a.name, 'universityName', un.name) ORDER BY r."createdAt")
        FROM "UserRole" r
        LEFT JOIN "Agency" a ON a.id = r."agencyId"
        LEFT JOIN "University" un ON un.id = r."universityId"
        WHERE r."userId" = u.id
      ), '[]'::json) AS roles
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId} AND s."revokedAt" IS NULL
      -- Prisma keeps DateTime as UTC wall time (timestamp without zone): compare in UTC whatever
      -- the connection's TimeZone setting.
      AND s."expiresAt" > (${new Date().toISOString()}::timestamptz AT TIME ZONE 'UTC')`
  const found = rows[0]
  if (!found) return null
  const roles = typeof found.roles === 'string' ? (JSON.parse(found.roles) as Exclude<SessionRow['roles'], string>) : found.roles
  const row = {
    id: found.sessionId,
    lastSeenAt: new Date(found.lastSeenAt),
    user: { ...found, emailVerifiedAt: found.emailVerifiedAt, roles },
  }
  if (Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await prisma.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } })
  }
  const grants = row.user.roles.map((r) => ({
    role: r.role as RoleName,
    agencyId: r.agencyId,
    universityId: r.universityId,
    agencyName: r.agencyName,
    universityName: r.universityName,
  }))
  return {
    id: row.user.id,
    email: row.user.email,
    name: row.user.name,
    locale: row.user.locale,
    timeZone: row.user.timeZone,
    emailVerified: Boolean(row.user.emailVerifiedAt),
    isDemo: row.user.isDemo,
    sessionId: row.id,
    grants,
    permissions: [...permissionsOf(grants)],
    primaryRole: grants[0]?.role ?? null,
  }
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) {
    const url = new URL(request.url)
    const redirectTo = url.pathname + url.search
    throw redirect(`/masuk?redirectTo=${encodeURIComponent(redirectTo)}`)
  }
  return user
}

/** Permission first, in every protected loader and action (CONVENTIONS.md). */
export async function requirePermission(request: Request, permission: Permission) {
  const user = await requireUser(request)
  if (!hasPermission(user.grants, permission)) {
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  }
  return user
}

export async function requireAnonymous(request: Request) {
  if (await getSessionUser(request)) throw redirect('/dasbor')
}

/** Creates the Session row and returns the Set-Cookie header value. */
export async function commitNewSession(
  sessionId: string,
  opts: { remember: boolean; expiresAt: Date },
) {
  const session = await sessionStorage.getSession()
  session.set('sessionId', sessionId)
  return sessionStorage.commitSession(session, {
    expires: opts.remember ? opts.expiresAt : undefined,
  })
}

export async function destroySessionCookie(request: Request) {
  const session = await sessionStorage.getSession(request.headers.get('Cookie'))
  return sessionStorage.destroySession(session)
}

export function sessionExpiry() {
  return new Date(Date.now() + getEnv().SESSION_DAYS * 24 * 60 * 60_000)
}
