import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedCookieSecret } from './cookie-secret';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-secret-'));
  made.push(dir);
  return dir;
}

describe('the cookie secret embedded mode keeps', () => {
  it('is made once, readable only by its owner, and read back on the next start', async () => {
    const dataDir = path.join(freshDir(), 'not', 'there', 'yet');
    const secret = await storedCookieSecret(dataDir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'cookie-secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await storedCookieSecret(dataDir)).toBe(secret);
    expect(fs.readdirSync(dataDir)).toEqual(['cookie-secret']);
    expect(await storedCookieSecret(freshDir())).not.toBe(secret);
  });

  it('refuses to start on a file too short to be a secret rather than replace it', async () => {
    const dataDir = freshDir();
    fs.writeFileSync(path.join(dataDir, 'cookie-secret'), 'short\n');
    await expect(storedCookieSecret(dataDir)).rejects.toThrow(/cookie-secret.*COOKIE_SECRET/);
    expect(fs.readFileSync(path.join(dataDir, 'cookie-secret'), 'utf8')).toBe('short\n');
  });
});
