import { describe, expect, it } from 'vitest';
import { ConfigError, connectionBudget, loadConfig, readOpenFilesLimit } from './config';

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

  it('shares the open-file limit out between sockets, live streams and one address', () => {
    // 4,096: 1,024 descriptors stay for the database and files; 384 sockets stay free of live streams.
    expect(connectionBudget(4096)).toEqual({
      connectionsMax: 3072,
      connectionsPerAddress: 1536,
      liveConnectionsMax: 2688,
    });
    expect(connectionBudget(1024)).toEqual({
      connectionsMax: 768,
      connectionsPerAddress: 384,
      liveConnectionsMax: 672,
    });
    expect(connectionBudget(1_048_576).liveConnectionsMax).toBe(1_046_528);
    expect(connectionBudget(undefined).connectionsMax).toBe(10_000);
    // Tiny limits still leave a working server, never zero or negative caps.
    expect(connectionBudget(100)).toEqual({ connectionsMax: 64, connectionsPerAddress: 32, liveConnectionsMax: 32 });
  });

  it('reads the soft open-file limit of the process, and nothing from an unlimited or missing one', () => {
    const limits = (soft: string, hard: string) =>
      `Limit                     Soft Limit           Hard Limit           Units     \n` +
      `Max processes             63504                63504                processes \n` +
      `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     \n`;
    expect(readOpenFilesLimit(limits('65536', '1048576'))).toBe(65_536);
    expect(readOpenFilesLimit(limits('unlimited', 'unlimited'))).toBeUndefined();
    expect(readOpenFilesLimit('')).toBeUndefined();
  });

  it('takes CONNECTIONS_MAX and CONNECTIONS_PER_ADDRESS as given', () => {
    const config = loadConfig({ CONNECTIONS_MAX: '500', CONNECTIONS_PER_ADDRESS: '20' });
    expect(config.connections).toMatchObject({ max: 500, perAddress: 20 });
    expect(() => loadConfig({ CONNECTIONS_PER_ADDRESS: '0' })).toThrow(/CONNECTIONS_PER_ADDRESS/);
  });
});
