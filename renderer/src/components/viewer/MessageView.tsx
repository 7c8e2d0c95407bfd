import type { AttachmentView } from '../../../../shared/contract'
import { useI18n } from '../../i18n'
import { formatSize } from '../../formatSize'
import { SafeHtmlFrame } from './SafeHtmlFrame'

type Message = Extract<AttachmentView, { kind: 'email' }>
type Props = { message: Message; onOpenAttachment(attachmentId: string): void }

/** An e-mail as a message: its headers, its body (HTML sanitised in a frame, else the text), its attachments. */
export function MessageView({ message, onOpenAttachment }: Props) {
  const { t } = useI18n()
  const headers: Array<[string, string]> = [
    [t('viewer.mail.subject'), message.subject],
    [t('viewer.mail.from'), message.from],
    [t('viewer.mail.to'), message.to],
    [t('viewer.mail.cc'), message.cc],
    [t('viewer.mail.date'), message.date]
  ]
  return (
    <article className="message-view">
      <dl className="message-headers">
        {headers
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd dir="auto">{v}</dd>
            </div>
          ))}
      </dl>
      {message.attachments.length > 0 && (
        <section aria-label={t('viewer.mail.attachments')} className="message-attachments">
          <h4>{t('viewer.mail.attachments')}</h4>
          <ul>
            {message.attachments.map((a, i) => (
              <li key={i}>
                {a.attachmentId ? (
                  <button className="link" onClick={() => onOpenAttachment(a.attachmentId!)}>
                    <bdi>{a.name || t('viewer.mail.unnamed')}</bdi>
                  </button>
                ) : (
                  <bdi>{a.name || t('viewer.mail.unnamed')}</bdi>
                )}{' '}
                <span className="muted">
                  {a.type}, {formatSize(a.size)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {message.html ? (
        <SafeHtmlFrame html={message.html} title={t('viewer.mail.body')} />
      ) : (
        <pre className="message-text" dir="auto" tabIndex={0} aria-label={t('viewer.mail.body')}>
          {message.text}
        </pre>
      )}
    </article>
  )
}
