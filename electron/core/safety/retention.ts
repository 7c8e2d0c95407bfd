// Which catalogue snapshots to keep. Snapshots are taken on every open after a change, so
// counting them alone lets a busy afternoon (or a script running the CLI) push out every
// older one. They are kept by age instead, like backup tools do (restic's --keep-hourly /
// --keep-daily / --keep-monthly):
//   - the newest `keepRecent` automatic snapshots, whatever their age;
//   - the newest snapshot of each hour of the last 24 hours;
//   - the newest snapshot of each day of the last 31 days;
//   - the newest snapshot of each month, for ever (twelve a year);
//   - every snapshot someone asked for (`presskeep backup`, Back Up Now, the one taken before
//     a restore): only automatic ones ('open', 'interval') are ever removed.
// Hours, days and months are counted in UTC, the time snapshot names are written in.

export type RetainedSnapshot = { name: string; created: string; reason: string }

/** Reasons of snapshots taken without anyone asking: the only ones rotation may remove. */
export const AUTOMATIC_REASONS = new Set(['open', 'interval'])

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** The names of the snapshots to remove, of `snapshots` (any order), at time `now`. */
export function snapshotsToRemove(snapshots: RetainedSnapshot[], keepRecent: number, now = Date.now()): string[] {
  const automatic = snapshots
    .filter((s) => AUTOMATIC_REASONS.has(s.reason) && Number.isFinite(Date.parse(s.created)))
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
  const keep = new Set(automatic.slice(0, keepRecent).map((s) => s.name))
  const seen = new Set<string>()
  for (const s of automatic) {
    const t = Date.parse(s.created)
    const iso = new Date(t).toISOString()
    const age = now - t
    // Newest first: the first snapshot met in a period is that period's newest.
    const periods = [
      age <= DAY_MS ? `h${iso.slice(0, 13)}` : null,
      age <= 31 * DAY_MS ? `d${iso.slice(0, 10)}` : null,
      `m${iso.slice(0, 7)}`
    ]
    for (const p of periods) {
      if (p === null || seen.has(p)) continue
      seen.add(p)
      keep.add(s.name)
    }
  }
  return automatic.filter((s) => !keep.has(s.name)).map((s) => s.name)
}
