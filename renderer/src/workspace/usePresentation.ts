import { useEffect } from 'react'
import { makeI18n, type Lang } from '../i18n'
import { usePersistent } from '../persist'
import type { ThemeChoice } from '../components/AppDialogs'
import { DEFAULT_COLUMNS, isColumnList, type ColumnKey, type SortKey } from '../components/columns'

/**
 * How the person likes the list laid out (sort, columns and their widths, pane sizes, whether a
 * collection lists its sub-collections' items): their own, kept in the window's storage, not
 * the archive's.
 */
export function useListLayout() {
  const [sort, setSort] = usePersistent<SortKey>('sort', 'modified', (v) => typeof v === 'string')
  const [order, setOrder] = usePersistent<'asc' | 'desc'>('order', 'desc', (v) => v === 'asc' || v === 'desc')
  const [columns, setColumns] = usePersistent<ColumnKey[]>('columns', DEFAULT_COLUMNS, isColumnList)
  const [widths, setWidths] = usePersistent<Partial<Record<ColumnKey, number>>>('widths', {}, (v) => !!v && typeof v === 'object')
  const [panes, setPanes] = usePersistent<{ sidebar: number; editor: number }>('panes', { sidebar: 230, editor: 520 }, (v) => !!v && typeof (v as { sidebar: unknown }).sidebar === 'number')
  // A parent collection lists its sub-collections' items too, unless the person turns it off.
  const [rollup, setRollup] = usePersistent<boolean>('rollup', true, (v) => typeof v === 'boolean')
  return { sort, setSort, order, setOrder, columns, setColumns, widths, setWidths, panes, setPanes, rollup, setRollup }
}

/** The page's theme (the system's by default, or the person's choice) and its language and direction, on the root element for the CSS. */
export function useThemeAndDirection(lang: Lang) {
  const [theme, setTheme] = usePersistent<ThemeChoice>('theme', 'system', (v) => v === 'system' || v === 'light' || v === 'dark')
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const effective = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme
      document.documentElement.dataset.theme = effective
      document.documentElement.style.colorScheme = effective
    }
    apply()
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = lang
    document.documentElement.dir = makeI18n(lang).dir
  }, [lang])
  return { theme, setTheme }
}
