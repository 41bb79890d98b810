/** The demo selection period's code, shared by the demo-data modules. */
export const DEMO_PERIOD_CODE = 'CASN-2026-DEMO'
