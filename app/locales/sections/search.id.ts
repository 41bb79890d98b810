/** Bahasa Indonesia strings of the search pages (keys are added by the feature). */
export const searchId = {
  title: '',
} as const
