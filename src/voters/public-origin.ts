import { saysHttps } from './voter-cookie';

/** A Host header that names a host and maybe a port: nothing that could bend a URL built from it. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin absolute links (share links, QR codes, embed snippets, oEmbed) are made with:
 * PUBLIC_URL when it is set; otherwise the one the visitor used, its Host header, and https when
 * X-Forwarded-Proto says so. Undefined when the request names no usable host.
 */
export function publicOrigin(
  publicUrl: string | undefined,
  header: (name: string) => string | null | undefined,
): string | undefined {
  if (publicUrl) return publicUrl;
  const host = header('host');
  if (!host || !HOST.test(host)) return undefined;
  return `${saysHttps(header('x-forwarded-proto')) ? 'https' : 'http'}://${host.toLowerCase()}`;
}
