import { useRouteLoaderData } from '@remix-run/react'
import type { Permission, RoleName } from '~/domain/identity/roles'

/** The signed-in user as the root loader sends it to the browser (no secrets). */
export type PublicUser = {
  id: string
  name: string
  email: string
  emailVerified: boolean
  timeZone: string
  permissions: Permission[]
  grants: { role: RoleName; agencyName: string | null; universityName: string | null }[]
}

export type RootData = {
  user: PublicUser | null
  locale: 'id' | 'en'
  timeZone: string
  demo: boolean
}

export function useRootData() {
  return useRouteLoaderData('root') as RootData
}

export function useOptionalUser() {
  return useRootData()?.user ?? null
}

/** Same strings the server checks; the UI only hides what the server would refuse anyway. */
export function userCan(user: PublicUser | null, permission: Permission) {
  return Boolean(user?.permissions.includes(permission))
}
