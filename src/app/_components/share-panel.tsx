import QRCode from 'qrcode';
import { CopyButton } from './copy-button';

/**
 * The poll's link with a copy button, a QR code rendered here as SVG from our own string, and,
 * when given, the `<iframe>` snippet that puts the poll on another site (docs/EMBED.md).
 */
export async function SharePanel({ url, embedSnippet }: { url: string; embedSnippet?: string }) {
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return (
    <section className="share" aria-labelledby="share-heading">
      <h2 id="share-heading">Share this poll</h2>
      <div className="field">
        <label htmlFor="share-link">Link for voters</label>
        <div className="copy-row">
          <input id="share-link" readOnly value={url} />
          <CopyButton text={url} fieldId="share-link" />
        </div>
      </div>
      {embedSnippet && (
        <div className="field">
          <label htmlFor="embed-code">Embed code for your website</label>
          <textarea id="embed-code" readOnly rows={3} value={embedSnippet} aria-describedby="embed-code-hint" />
          <p className="hint" id="embed-code-hint">
            Paste this HTML into your page: the poll takes votes and moves live inside it.
          </p>
          <CopyButton text={embedSnippet} fieldId="embed-code" label="Copy code" />
        </div>
      )}
      <div
        className="qr"
        role="img"
        aria-label="QR code of the link to this poll"
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
    </section>
  );
}
