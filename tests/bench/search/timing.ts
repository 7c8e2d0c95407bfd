// Query timing for the search bench. On a shared, loaded machine the wall clock also counts
// the time other processes held the cores, so the process' CPU time is taken beside it.
export function pct(values: ArrayLike<number>, p: number): number {
  const s = Array.from(values).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

export const r2 = (x: number) => Math.round(x * 100) / 100

export type Timing = {
  /** Per query: the median over passes of its wall time, ms. */
  each: Float64Array
  p50: number
  p95: number
  max: number
  cpuP95: number
}

/** Runs `fn` over the list `passes` times after a warm-up pass. */
export function timeEach<T>(list: T[], fn: (x: T, i: number) => void, passes = 3): Timing {
  list.forEach(fn)
  const wall: number[][] = list.map(() => [])
  const cpu: number[][] = list.map(() => [])
  for (let pass = 0; pass < passes; pass++) {
    list.forEach((x, i) => {
      const c = process.cpuUsage()
      const t = performance.now()
      fn(x, i)
      wall[i].push(performance.now() - t)
      const dc = process.cpuUsage(c)
      cpu[i].push((dc.user + dc.system) / 1000)
    })
  }
  const each = Float64Array.from(wall, (w) => pct(w, 50))
  const eachCpu = cpu.map((c) => pct(c, 50))
  return { each, p50: pct(each, 50), p95: pct(each, 95), max: Math.max(...wall.flat()), cpuP95: pct(eachCpu, 95) }
}

/** p95 over the queries whose index is in `which`. */
export function p95Of(t: Timing, which: number[]): number {
  return pct(which.map((i) => t.each[i]), 95)
}
