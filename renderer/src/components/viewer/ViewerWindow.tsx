import { useEffect, useState } from 'react'
import type { Item } from '../../../../shared/model'
import type { ViewerTarget } from '../../../../shared/viewerWindow'
import { call, transport } from '../../api'
import { I18nProvider, LANGUAGES, makeI18n, type Lang } from '../../i18n'
import { usePersistent } from '../../persist'
import { ErrorLine } from '../ErrorLine'
import { Viewer } from './Viewer'

/**
 * The whole page of a reader window (desktop app): the item's attachment in the reader, in the
 * person's language and theme, kept in step with changes made in the main window.
 */
export function ViewerWindow({ target }: { target: ViewerTarget }) {
  const [lang] = usePersistent<Lang>('lang', 'en', (v) => LANGUAGES.includes(v as Lang))
  const [theme] = usePersistent<string>('theme', 'system', (v) => typeof v === 'string')
  const [item, setItem] = useState<Item | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    document.documentElement.lang = lang
    document.documentElement.dir = makeI18n(lang).dir
    const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches)
    document.documentElement.dataset.theme = dark ? 'dark' : 'light'
  }, [lang, theme])

  useEffect(() => {
    const load = () =>
      call('items:get', { id: target.itemId })
        .then((it) => {
          setItem(it)
          document.title = `${it.attachments.find((a) => a.id === target.attachmentId)?.name ?? it.title} — Presskeep`
        })
        .catch((err) => setError((err as Error).message))
    void load()
    return transport.on('items:changed', (p) => {
      if (p.ids.includes(target.itemId)) void load()
    })
  }, [target.itemId, target.attachmentId])

  return (
    <I18nProvider lang={lang}>
      <ErrorLine error={error} />
      {item && <Viewer item={item} attachmentId={target.attachmentId} regionId={target.regionId} transport={transport} inWindow onClose={() => window.close()} onChanged={setItem} />}
    </I18nProvider>
  )
}
