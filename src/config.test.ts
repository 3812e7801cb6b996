import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const SECRET = 's'.repeat(32);

describe('configuration', () => {
  it('runs embedded on port 3000 with a 10-votes-a-minute limit when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.rateLimit.votesPerMinute).toBe(10);
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'http://localhost'],
    ['REDIS_KEY_PREFIX', 'two words'],
    ['RATE_LIMIT_VOTES_PER_MINUTE', '0'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', '10.0.0.0/99'],
  ])('stops with a message naming %s when it is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('says plainly what PORT must be, with the value it got', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(
      'PORT: must be a port number, a whole number from 0 to 65535 (got "abc")',
    );
    expect(() => loadConfig({ VOTE_WRITERS: '1.5' })).toThrow(
      'VOTE_WRITERS: must be a whole number above 0 (got "1.5")',
    );
  });

  it('never repeats a secret in its message', () => {
    const secret = 'short-secret';
    expect(() => loadConfig({ COOKIE_SECRET: secret })).toThrow(/COOKIE_SECRET: must be at least/);
    expect(() => loadConfig({ COOKIE_SECRET: secret })).not.toThrow(secret);
  });

  it('accepts TLS URLs for managed services', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.example:5432/app?sslmode=require',
      REDIS_URL: 'rediss://default:p@cache.example:6380',
      COOKIE_SECRET: SECRET,
    });
    expect(config.databaseUrl).toContain('sslmode=require');
    expect(config.redisUrl).toMatch(/^rediss:/);
  });

  it('refuses services mode without COOKIE_SECRET, so that every instance signs voter cookies alike', () => {
    const services = { DATABASE_URL: 'postgres://db.example/app' };
    expect(() => loadConfig(services)).toThrow(ConfigError);
    expect(() => loadConfig(services)).toThrow('COOKIE_SECRET');
    // npm run db:migrate signs nothing: it runs without one.
    expect(loadConfig(services, { serving: false }).cookieSecret).toBeUndefined();
    expect(loadConfig({ ...services, COOKIE_SECRET: SECRET }).cookieSecret).toBe(SECRET);
    expect(loadConfig({}).cookieSecret).toBeUndefined();
  });

  it('refuses a COOKIE_SECRET shorter than 32 characters', () => {
    expect(() => loadConfig({ COOKIE_SECRET: 'x'.repeat(31) })).toThrow('COOKIE_SECRET');
  });

  it('reads PUBLIC_URL as an origin, a trailing slash allowed, and leaves it unset by default', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://Polls.Example.com/' }).publicUrl).toBe('https://polls.example.com');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
  });

  it.each([
    'polls.example.com',
    'ftp://polls.example.com',
    'https://polls.example.com/polls',
    'https://polls.example.com/?x=1',
    'https://polls.example.com/#top',
    'https://user:pass@polls.example.com',
  ])('stops naming PUBLIC_URL when it is %s', (value) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ origin/);
  });
});
