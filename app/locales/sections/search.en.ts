import type { searchId } from './search.id'
import type { Widen } from '../id'

export const searchEn: Widen<typeof searchId> = {
  title: '',
}
