import { CopyButton } from './copy-button';

/**
 * The `<iframe>` snippet that puts a poll on another site (docs/EMBED.md), with a copy button: a
 * tool for the poll's creator. Build the snippet with `embedSnippet` (src/domain/embed.ts).
 */
export function EmbedCode({ snippet }: { snippet: string }) {
  return (
    <div className="field embed-code">
      <label htmlFor="embed-code">Embed code for your website</label>
      <textarea id="embed-code" readOnly rows={3} value={snippet} aria-describedby="embed-code-hint" />
      <p className="hint" id="embed-code-hint">
        Paste this HTML into your page: the poll takes votes and moves live inside it.
      </p>
      <CopyButton text={snippet} fieldId="embed-code" label="Copy code" />
    </div>
  );
}
