import type { formationId } from './formation.id'
import type { Widen } from '../id'

export const formationEn: Widen<typeof formationId> = {
  title: '',
}
