// A list of names (people, organisations or places) typed with `;` between them, that suggests
// authority records as one types: the word being typed is matched against every form of the
// records of that kind, and choosing one puts the record's preferred form in its place.
import { useId, useMemo, useState } from 'react'
import type { AuthorityInfo, AuthorityKind } from '../../../shared/model'
import { useI18n } from '../i18n'

const MAX_SUGGESTIONS = 8

/** Case and accents folded, so "almamy" finds "Almamy" and "fes" finds "Fès". */
const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '').toLowerCase()

type Props = {
  name: string
  label: string
  kind: AuthorityKind
  value: string
  onChange(value: string): void
  authorities: readonly AuthorityInfo[]
  placeholder?: string
  invalid?: boolean
  wide?: boolean
}

export function NameField({ name, label, kind, value, onChange, authorities, placeholder, invalid, wide }: Props) {
  const { t } = useI18n()
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const cut = value.lastIndexOf(';')
  const typing = value.slice(cut + 1).trim()
  const suggestions = useMemo(() => {
    const q = fold(typing)
    if (q.length < 2) return []
    const out: Array<{ record: AuthorityInfo; via: string | null }> = []
    for (const a of authorities) {
      if (a.kind !== kind) continue
      const form = [a.preferred, ...a.variants].find((n) => fold(n).split(/[\s\-.,'’]+/).some((w) => w.startsWith(q)) || fold(n).startsWith(q))
      if (form !== undefined) out.push({ record: a, via: form === a.preferred ? null : form })
      if (out.length >= MAX_SUGGESTIONS) break
    }
    return out.filter((s) => fold(s.record.preferred) !== fold(typing) || s.via !== null)
  }, [typing, authorities, kind])
  const shown = open && suggestions.length > 0
  const choose = (a: AuthorityInfo) => {
    const before = cut >= 0 ? value.slice(0, cut + 1) + ' ' : ''
    onChange(`${before}${a.preferred}; `)
    setOpen(false)
  }
  return (
    <label className={`field name-field ${wide ? 'wide' : ''} ${invalid ? 'invalid' : ''}`}>
      <span>{label}</span>
      <input
        name={name}
        dir="auto"
        value={value}
        placeholder={placeholder}
        aria-invalid={invalid}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onChange(e.target.value)
          setOpen(true)
          setActive(0)
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (!shown) return
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length)
          } else if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault()
            choose(suggestions[Math.min(active, suggestions.length - 1)].record)
          } else if (e.key === 'Escape') {
            e.stopPropagation()
            setOpen(false)
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label={t('names.suggestions', { field: label })} className="suggestions" hidden={!shown}>
        {shown &&
          suggestions.map((s, i) => (
            <li
              key={s.record.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault()
                choose(s.record)
              }}
            >
              <bdi>{s.record.preferred}</bdi>
              {s.via && (
                <span className="muted">
                  {' '}
                  (<bdi>{s.via}</bdi>)
                </span>
              )}
            </li>
          ))}
      </ul>
    </label>
  )
}
