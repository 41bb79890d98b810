import type { periodId } from './period.id'
import type { Widen } from '../id'

export const periodEn: Widen<typeof periodId> = {
  title: '',
}
