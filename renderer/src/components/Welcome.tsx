import { useState } from 'react'
import { call, transport } from '../api'
import { useI18n } from '../i18n'
import { usePickImport } from './Jobs'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

type Props = { onImportPage(): void; onSearch(): void; onDemoLoaded(count: number): void }

/** First run (issue 10): what to do in an empty archive, with buttons that do it, and the demo. */
export function Welcome({ onImportPage, onSearch, onDemoLoaded }: Props) {
  const { t } = useI18n()
  const { pick, error: pickError } = usePickImport()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const loadDemo = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await call('archive:loadDemo', {})
      onDemoLoaded(r.ids.length)
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="welcome" aria-label={t('welcome.label')}>
      <h2>{t('welcome.title')}</h2>
      <p>{t('welcome.intro')}</p>
      {transport.kind === 'electron' && (
        // The desktop app starts on the default archive: another one can be opened or made here.
        <div className="welcome-actions">
          <button onClick={() => void call('archive:choose', { create: false }).catch((e) => setError(errorText(t, e)))}>{t('settings.openArchive')}</button>
          <button onClick={() => void call('archive:choose', { create: true }).catch((e) => setError(errorText(t, e)))}>{t('settings.newArchive')}</button>
        </div>
      )}
      <ol className="welcome-steps">
        <li>
          <h3>{t('welcome.importTitle')}</h3>
          <p>{t('welcome.importText')}</p>
          <div className="welcome-actions">
            <button className="primary" onClick={onImportPage}>
              {t('welcome.importPage')}
            </button>
            <button onClick={() => void pick('files')}>{t('welcome.importFiles')}</button>
          </div>
        </li>
        <li>
          <h3>{t('welcome.tagTitle')}</h3>
          <p>{t('welcome.tagText')}</p>
        </li>
        <li>
          <h3>{t('welcome.searchTitle')}</h3>
          <p>{t('welcome.searchText')}</p>
          <div className="welcome-actions">
            <button onClick={onSearch}>{t('welcome.search')}</button>
          </div>
        </li>
      </ol>
      <div className="welcome-demo">
        <h3>{t('welcome.demoTitle')}</h3>
        <p>{t('welcome.demoText')}</p>
        <button onClick={() => void loadDemo()} disabled={busy}>
          {t('welcome.demo')}
        </button>
        {busy && <p role="status">{t('welcome.loading')}</p>}
      </div>
      <ErrorLine error={error ?? pickError} />
    </section>
  )
}
