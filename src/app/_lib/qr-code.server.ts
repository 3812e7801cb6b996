import QRCode from 'qrcode';

/**
 * A link's QR code as SVG, for the share panel and the presenter screens. Drawing one is a good
 * part of rendering a poll page (masks and penalty scores for each candidate), and the same poll's
 * page is read again and again while people vote, so the last few hundred links' codes are kept.
 * Server-only.
 */

const KEPT = 256;
const drawn = new Map<string, Promise<string>>();

export function qrCodeSvg(text: string, margin: number): Promise<string> {
  const key = `${margin} ${text}`;
  let svg = drawn.get(key);
  if (svg) {
    // Most recently used last, so the oldest goes first.
    drawn.delete(key);
  } else {
    svg = QRCode.toString(text, { type: 'svg', margin, errorCorrectionLevel: 'M' });
    svg.catch(() => drawn.delete(key));
  }
  drawn.set(key, svg);
  if (drawn.size > KEPT) drawn.delete(drawn.keys().next().value!);
  return svg;
}
