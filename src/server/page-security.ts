import { randomFillSync } from 'node:crypto';
import type http from 'node:http';
import { isEmbedPage } from '../domain/embed';

/**
 * Security headers for every page response (docs/decisions/0004-page-content-security-policy.md).
 * Next needs inline scripts on every App Router page (its RSC payload), so scripts are allowed
 * by a fresh nonce per request instead of 'unsafe-inline'. Next finds the nonce in the request's
 * Content-Security-Policy header and puts it on its own scripts; any value a client sent is replaced.
 * No page may be framed, but the embed page (docs/EMBED.md), which any site may put in a frame.
 */

export function contentSecurityPolicy(nonce: string, dev: boolean, framing: 'none' | 'anyone' = 'none'): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server stacks; production never does.
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${framing === 'anyone' ? '*' : "'none'"}`,
  ].join('; ');
}

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Bytes of a nonce: 128 bits, as CSP asks. */
const NONCE_BYTES = 16;
/** Random bytes for the next 256 nonces, drawn at once (as Node does for `randomUUID`). */
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceAt = noncePool.length;

/**
 * A fresh nonce for one page. Asking the system for 16 random bytes on every view cost about
 * 27 µs of a view once the server's caches were cold from other work, against 5 µs for a slice of
 * bytes drawn 4 KB at a time; each slice is used once, so no two pages share a nonce.
 */
export function freshNonce(): string {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = noncePool.toString('base64', nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

export function applyPageSecurity(req: http.IncomingMessage, res: http.ServerResponse, dev: boolean): void {
  const embed = isEmbedPage(req.url);
  const policy = contentSecurityPolicy(freshNonce(), dev, embed ? 'anyone' : 'none');
  req.headers['content-security-policy'] = policy;
  delete req.headers['content-security-policy-report-only'];
  res.setHeader('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  // Older browsers read only this header; it has no value that allows every site, so the embed sends none.
  if (!embed) res.setHeader('X-Frame-Options', 'DENY');
}
