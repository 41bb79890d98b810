import { useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'

/**
 * `useActionData()` that survives the page's own polling. Remix clears the action's data on every
 * completed navigation, and `useRevalidator().revalidate()` is one: on a page that re-reads its data
 * every few seconds (the proctor's live room, the planning job's progress) a PIN or a confirmation
 * shown from the action vanished within seconds, before the proctor could read it to the candidate.
 *
 * The last result is kept until the next submission or GET navigation starts. The reload of the
 * loaders after an action (state "loading" with the POST's `formMethod`) is not a new navigation:
 * Remix commits the action's data at its start, so clearing there would drop the very result that
 * just arrived. A revalidation leaves `navigation.state` idle, so it does not count either.
 */
export function useStickyActionData<T>() {
  const data = useActionData<T>()
  const navigation = useNavigation()
  const [kept, setKept] = useState(data)
  useEffect(() => {
    if (data !== undefined) setKept(data)
  }, [data])
  const actionReload = navigation.state === 'loading' && navigation.formMethod !== undefined && navigation.formMethod.toUpperCase() !== 'GET'
  const newNavigation = navigation.state !== 'idle' && !actionReload
  useEffect(() => {
    if (newNavigation) setKept(undefined)
  }, [newNavigation])
  return data ?? kept
}
