import { useRef, useState } from 'react'
import type { Item } from '../../../shared/model'
import { call, type Transport } from '../api'

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = bytes / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

type Props = { item: Item; transport: Transport; onChanged(item: Item): void }

export function Attachments({ item, transport, onChanged }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const attach = async () => {
    setError(null)
    if (transport.kind === 'electron') {
      try {
        const updated = await call('attachments:pick', { itemId: item.id })
        if (updated) onChanged(updated)
      } catch (err) {
        setError((err as Error).message)
      }
    } else input.current?.click()
  }

  const upload = async (files: FileList | null) => {
    if (!files || !transport.upload) return
    setError(null)
    let latest: Item | null = null
    for (const file of Array.from(files)) {
      setBusy(`Attaching ${file.name}…`)
      const r = await transport.upload(item.id, file)
      if (!r.ok) {
        setError(`${file.name}: ${r.message}`)
        break
      }
      latest = r.value
    }
    setBusy(null)
    if (input.current) input.current.value = ''
    if (latest) onChanged(latest)
  }

  const remove = async (attachmentId: string, name: string) => {
    if (!window.confirm(`Remove “${name}” from this item?`)) return
    try {
      onChanged(await call('attachments:remove', { itemId: item.id, attachmentId }))
    } catch (err) {
      setError((err as Error).message)
    }
  }

  const open = async (attachmentId: string) => {
    try {
      await call('attachments:open', { itemId: item.id, attachmentId })
    } catch (err) {
      setError((err as Error).message)
    }
  }

  const saveAs = async (attachmentId: string) => {
    try {
      await call('attachments:saveAs', { itemId: item.id, attachmentId })
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <section className="attachments" aria-label="Attachments">
      <header>
        <h3>Attachments</h3>
        <button onClick={attach} disabled={!!busy || item.trashed !== null}>
          Attach files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Choose files to attach"
          data-testid="attach-input"
          onChange={(e) => void upload(e.target.files)}
        />
      </header>
      {busy && <p role="status">{busy}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {item.attachments.length === 0 ? (
        <p className="muted">No files attached.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Size</th>
              <th>Type</th>
              <th>SHA-256</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {item.attachments.map((a) => (
              <tr key={a.id}>
                <td dir="auto">{a.name}</td>
                <td>{formatSize(a.size)}</td>
                <td>{a.type}</td>
                <td>
                  <code title={a.sha256}>{a.sha256.slice(0, 12)}…</code>
                </td>
                <td className="actions">
                  {transport.kind === 'web' ? (
                    <a href={transport.fileUrl(item.id, a.id)} target="_blank" rel="noreferrer">
                      Open
                    </a>
                  ) : (
                    <button className="link" onClick={() => open(a.id)}>
                      Open
                    </button>
                  )}
                  {transport.kind === 'web' ? (
                    <a href={transport.fileUrl(item.id, a.id, true)} download={a.name}>
                      Save…
                    </a>
                  ) : (
                    <button className="link" onClick={() => saveAs(a.id)}>
                      Save…
                    </button>
                  )}
                  <button className="link danger" onClick={() => remove(a.id, a.name)} aria-label={`Remove ${a.name}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
