import { useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'

/**
 * `useActionData()` that survives the page's own polling. Remix clears the action's data on every
 * completed navigation, and `useRevalidator().revalidate()` is one: on a page that re-reads its data
 * every few seconds (the proctor's live room, the planning job's progress) a PIN or a confirmation
 * shown from the action vanished within seconds, before the proctor could read it to the candidate.
 * The last result is kept until the next submission or navigation starts (a revalidation leaves
 * `navigation.state` idle, so it does not count).
 */
export function useStickyActionData<T>() {
  const data = useActionData<T>()
  const navigation = useNavigation()
  const [kept, setKept] = useState(data)
  useEffect(() => {
    if (data !== undefined) setKept(data)
  }, [data])
  useEffect(() => {
    if (navigation.state !== 'idle') setKept(undefined)
  }, [navigation.state])
  return data ?? kept
}
