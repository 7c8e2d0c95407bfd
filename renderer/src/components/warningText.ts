// A warning as the person reads it: codes the interface knows are shown in its language
// (the core writes its messages in English); the others keep the core's message.
import type { Warning } from '../../../shared/model'

type T = (key: 'page.summaryOnly') => string

export function warningText(w: Warning, t: T): string {
  if (w.code === 'SUMMARY_ONLY') return t('page.summaryOnly')
  return w.message
}
