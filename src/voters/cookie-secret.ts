import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MIN_COOKIE_SECRET_LENGTH } from '../domain/voter';

/**
 * Embedded mode's voter cookie secret when COOKIE_SECRET is unset: made once and stored in
 * DATA_DIR, so the cookies browsers hold still verify after a restart. Services mode never comes
 * here: its instances must agree, so config requires the variable.
 */
export async function storedCookieSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'cookie-secret');
  const stored = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stored !== undefined) {
    const secret = stored.trim();
    // Made by hand, perhaps: replacing it would silently sign out every browser, so say so instead.
    if (secret.length < MIN_COOKIE_SECRET_LENGTH) {
      throw new Error(
        `${file} holds fewer than ${MIN_COOKIE_SECRET_LENGTH} characters; remove it or set COOKIE_SECRET`,
      );
    }
    return secret;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // Written aside and renamed, so a crash never leaves an empty secret that would stop the next start.
  const draft = `${file}.${process.pid}.tmp`;
  await fs.writeFile(draft, secret, { mode: 0o600, flag: 'wx' });
  await fs.rename(draft, file);
  return secret;
}
