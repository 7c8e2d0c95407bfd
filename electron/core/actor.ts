// Who is making the change being handled now. On one's own machine it is the account one is
// logged in as; on a team server every request runs as the person signed in, so the journal
// names them and not the server's own account. AsyncLocalStorage carries it through every
// await (and into the jobs a request starts) without threading a parameter through the core.
import { AsyncLocalStorage } from 'node:async_hooks'

const current = new AsyncLocalStorage<string>()

/** Runs fn (and everything it awaits or starts) as the named person. */
export function runAs<T>(person: string, fn: () => T): T {
  return current.run(person, fn)
}

/** The person the current change is made by, when a caller named one. */
export function currentActor(): string | undefined {
  return current.getStore()
}
