import { useState } from 'react'
import type { ItemConflict } from '../../../shared/model'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'
import { fieldKey } from './BulkEditDialog'

type Choice = 'mine' | 'theirs'

type Props = {
  conflict: ItemConflict
  /** What this window would have saved, per field, as the form shows it. */
  mine: Record<string, string>
  /** The same fields of the item as it is now (the other change), as the form shows them. */
  theirs: Record<string, string>
  /** Saves: for each conflicting field, the value chosen; the person's other changes are saved on top of theirs. */
  onResolve(chosen: Record<string, Choice>): void
  onClose(): void
}

/**
 * Shown when a save meets a change made elsewhere (another window, tab or person) to a field
 * this one changed too: each such field side by side, to keep mine or take theirs, then saved
 * on the item as it is now. Fields only the other change touched were already taken.
 */
export function ConflictDialog({ conflict, mine, theirs, onResolve, onClose }: Props) {
  const { t } = useI18n()
  const [chosen, setChosen] = useState<Record<string, Choice>>(() => Object.fromEntries(conflict.fields.map((f) => [f, 'mine'])))
  const all = (c: Choice) => Object.fromEntries(conflict.fields.map((f) => [f, c]))
  return (
    <Dialog title={t('conflict.title')} onClose={onClose} className="conflict-dialog" describedBy="conflict-intro">
      <p id="conflict-intro">{t('conflict.intro', { title: conflict.current.title })}</p>
      <table className="conflict-fields">
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            <th scope="col">{t('conflict.mine')}</th>
            <th scope="col">{t('conflict.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f} data-field={f}>
              <th scope="row">{t(fieldKey(f))}</th>
              {(['mine', 'theirs'] as const).map((side) => (
                <td key={side}>
                  <label className="conflict-choice">
                    <input type="radio" name={`conflict-${f}`} checked={chosen[f] === side} onChange={() => setChosen({ ...chosen, [f]: side })} />
                    <span>{t(side === 'mine' ? 'conflict.keepMine' : 'conflict.takeTheirs')}</span>
                  </label>
                  <div className="conflict-value" dir="auto">
                    {(side === 'mine' ? mine[f] : theirs[f]) || <em>{t('conflict.empty')}</em>}
                  </div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button onClick={onClose}>{t('common.cancel')}</button>
        <button onClick={() => onResolve(all('theirs'))}>{t('conflict.allTheirs')}</button>
        <button onClick={() => onResolve(all('mine'))}>{t('conflict.allMine')}</button>
        <button className="primary" onClick={() => onResolve(chosen)}>
          {t('conflict.saveMerged')}
        </button>
      </div>
    </Dialog>
  )
}
