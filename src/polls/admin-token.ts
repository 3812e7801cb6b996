import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The manage link's secret: shown once at creation, stored only as its SHA-256. */

export function newAdminToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashAdminToken(token) };
}

function hashAdminToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function adminTokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const given = Buffer.from(hashAdminToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
