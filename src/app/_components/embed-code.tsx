import { useTranslations } from '../_lib/intl';
import { CopyButton } from './copy-button';

/**
 * The `<iframe>` snippet that puts a poll on another site (docs/EMBED.md), with a copy button: a
 * tool for the poll's creator. Build the snippet with `embedSnippet` (src/domain/embed.ts).
 */
export function EmbedCode({ snippet }: { snippet: string }) {
  const t = useTranslations('EmbedCode');
  return (
    <div className="field embed-code">
      <label htmlFor="embed-code">{t('label')}</label>
      <textarea id="embed-code" readOnly dir="ltr" rows={3} value={snippet} aria-describedby="embed-code-hint" />
      <p className="hint" id="embed-code-hint">
        {t('hint')}
      </p>
      <CopyButton text={snippet} fieldId="embed-code" label={t('copy')} />
    </div>
  );
}
