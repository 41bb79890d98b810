/**
 * Clean-up to run on SIGTERM (close queues, database pools). Kept on globalThis because the server
 * script and the Remix build are separate module graphs: `scripts/start.ts` runs the hooks.
 */
type Hook = () => Promise<unknown>
const registry = globalThis as { __portalShutdown?: Hook[] }

export function onShutdown(hook: Hook) {
  ;(registry.__portalShutdown ??= []).push(hook)
}

export async function runShutdownHooks() {
  const hooks = registry.__portalShutdown ?? []
  registry.__portalShutdown = []
  await Promise.allSettled(hooks.map((h) => h()))
}
