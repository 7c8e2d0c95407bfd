// Exact crash points for the crash tests. PRESSKEEP_CRASH_AT="rename:12" makes the process
// SIGKILL itself the 12th time it reaches the point named "rename" (a list is separated by
// commas; the first point reached wins). A random timer can only hope to land inside a
// commit; a named point lands on the very system call the test wants to interrupt.
// Unset (every real run), a crash point costs one comparison.

const wanted = new Map<string, number>()
for (const part of (process.env.PRESSKEEP_CRASH_AT ?? '').split(',')) {
  const m = /^([a-z-]+):(\d+)$/.exec(part.trim())
  if (m) wanted.set(m[1], Number(m[2]))
}
const reached = new Map<string, number>()

/** Dies here (SIGKILL, no clean-up, like a power cut to the process) when the test asked for it. */
export function crashPoint(name: string): void {
  if (wanted.size === 0) return
  const n = (reached.get(name) ?? 0) + 1
  reached.set(name, n)
  if (wanted.get(name) === n) process.kill(process.pid, 'SIGKILL')
}

/** How many times each point was reached (the crash tests size their kill ranges with it). */
export function crashPointCounts(): Record<string, number> {
  return Object.fromEntries(reached)
}
