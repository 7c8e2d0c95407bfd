// The CLI's undo, redo, undo-state.
import type { CliContext } from '../context'
export function undoCommands({ program, call, print }: CliContext): void {
  program
    .command('undo')
    .description('undo the last change (refused if the items changed since)')
    .action(async () => {
      const r = await call('history:undo', {})
      print(r, () => `Undone: ${r.label}`)
    })
  program
    .command('redo')
    .description('redo the last undone change')
    .action(async () => {
      const r = await call('history:redo', {})
      print(r, () => `Redone: ${r.label}`)
    })
  program
    .command('undo-state')
    .description('what undo and redo would do now')
    .action(async () => {
      const s = await call('history:state', {})
      print(s, () => [`undo: ${s.undo ?? '(nothing)'}  (${s.undoDepth} change(s))`, `redo: ${s.redo ?? '(nothing)'}  (${s.redoDepth})`, ...(s.notice ? [s.notice] : [])].join('\n'))
    })

}
