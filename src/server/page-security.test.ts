import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, freshNonce } from './page-security';

describe('freshNonce', () => {
  it('is 16 random bytes in base64, never the same twice, across many pools of them', () => {
    const nonces = Array.from({ length: 1000 }, freshNonce);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('goes into the policy for scripts and styles', () => {
    const nonce = freshNonce();
    const policy = contentSecurityPolicy(nonce, false);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
  });
});
