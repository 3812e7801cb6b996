import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startPollcastProcess, type PollcastProcess, type RawReply } from '../support/pollcast-process';

/**
 * The embed as sites and browsers meet it (docs/EMBED.md): `npm start`'s process with its pages
 * built, reached over raw HTTP. Only `/embed/{id}` may be framed, by anyone; its voter cookie
 * can live in another site's frame over HTTPS; poll pages lead consumers to oEmbed; and
 * PUBLIC_URL makes every absolute link.
 */

type Poll = { id: string; code: string; options: { id: string }[] };

const header = (reply: RawReply, name: string): string | undefined => {
  const value = reply.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};
const voterSetCookie = (reply: RawReply): string | undefined =>
  [reply.headers['set-cookie'] ?? []].flat().find((value) => value.startsWith('pollcast_voter='));

const FRAMED_COOKIE =
  /^pollcast_voter=[0-9a-f-]{36}\.[\w-]{22}; HttpOnly; SameSite=None; Path=\/; Max-Age=31536000; Secure; Partitioned$/;
const SECURE_COOKIE =
  /^pollcast_voter=[0-9a-f-]{36}\.[\w-]{22}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=31536000; Secure$/;
const PLAIN_COOKIE = /^pollcast_voter=[0-9a-f-]{36}\.[\w-]{22}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=31536000$/;

/** What an HTML attribute holds once the browser decodes it. */
const decoded = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

async function createPoll(url: string, title = 'Embed me?'): Promise<Poll> {
  const created = await rawRequest(url, 'POST', '/api/polls', { json: { title, options: ['Yes', 'No'] } });
  expect(created.status).toBe(201);
  return created.body as Poll;
}

describe('the embed page', () => {
  let server: PollcastProcess;
  let poll: Poll;

  beforeAll(async () => {
    // Peers at 127.0.0.1 are a proxy we trust; 127.0.0.2 is a client connecting directly.
    server = await startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1' } });
    poll = await createPoll(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('may be framed by any site, with or without a query, and has no site header or footer', async () => {
    for (const target of [`/embed/${poll.id}`, `/embed/${poll.id}?vote=counted`, `/embed/${poll.id.toUpperCase()}`]) {
      const reply = await rawRequest(server.url, 'GET', target);
      expect(reply.status, target).toBe(200);
      expect(header(reply, 'content-security-policy'), target).toMatch(/(^|; )frame-ancestors \*(;|$)/);
      expect(header(reply, 'x-frame-options'), target).toBeUndefined();
      expect(reply.body, target).toContain('Embed me?');
      // The page as shown: the words in its scripts (the client's messages) are no header.
      const shown = String(reply.body).replace(/<script[\s\S]*?<\/script>/g, '');
      expect(shown, target).not.toMatch(/site-header|site-footer|Skip to content/);
      expect(reply.body, target).toMatch(
        /<a href="\/polls\/[0-9a-f-]{36}" target="_blank" rel="noopener">Open in pollcast/,
      );
    }
  });

  it('says so in the frame, without the site around it, when the poll does not exist', async () => {
    const reply = await rawRequest(server.url, 'GET', '/embed/00000000-0000-4000-8000-000000000000');
    expect(reply.status).toBe(404);
    expect(header(reply, 'content-security-policy')).toContain('frame-ancestors *');
    // Next answers with a bare shell the browser renders: tests/e2e/access.test.ts reads its line.
    expect(reply.body).not.toMatch(/site-header|site-footer/);
    // The shell names the words its not-found page reads, and they say the poll does not exist.
    expect(String(reply.body)).toContain('en.common.EventLinks..');
    const words = await rawRequest(server.url, 'GET', '/words/en.common.EventLinks..');
    expect((words.body as { EmbedNotFound: { text: string } }).EmbedNotFound.text).toContain(
      'This poll does not exist',
    );
  });

  it('leaves every other page unframeable, however its path is spelled', async () => {
    const targets = [
      '/',
      '/polls/new',
      `/polls/${poll.id}`,
      `/polls/${poll.id}/manage`,
      `/j/${poll.code}`,
      '/embed',
      `/embed/../polls/${poll.id}`,
      `/embed/%2e%2e/polls/${poll.id}`,
      `/embed/${poll.id}/../../polls/${poll.id}`,
      `//embed/${poll.id}`,
      `/EMBED/${poll.id}`,
      `/embed%2f${poll.id}`,
      `/x/embed/${poll.id}`,
      `http://evil.example/embed/${poll.id}`,
    ];
    for (const target of targets) {
      const reply = await rawRequest(server.url, 'GET', target);
      expect(header(reply, 'content-security-policy'), target).toContain("frame-ancestors 'none'");
      expect(header(reply, 'x-frame-options'), target).toBe('DENY');
    }
    // The header, main and footer are still around every other page.
    const page = await rawRequest(server.url, 'GET', `/polls/${poll.id}`);
    expect(page.body).toMatch(/class="site-header"[\s\S]*<main id="main" class="wrap"[\s\S]*class="site-footer/);
  });

  it('over HTTPS hands the embed, and the votes cast in it, a cookie that lives in a frame on another site', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const page = await rawRequest(server.url, 'GET', `/embed/${poll.id}`, { headers: https, from: '127.0.0.1' });
    expect(voterSetCookie(page)).toMatch(FRAMED_COOKIE);

    const embedded = { ...https, 'x-pollcast-embed': '1' };
    const vote = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
      json: { option_id: poll.options[0]!.id },
      headers: { ...embedded, 'x-forwarded-for': '10.77.0.1' },
      from: '127.0.0.1',
    });
    expect(vote.status).toBe(200);
    expect(voterSetCookie(vote)).toMatch(FRAMED_COOKIE);
    const details = await rawRequest(server.url, 'GET', `/api/polls/${poll.id}`, { headers: embedded });
    expect(voterSetCookie(details)).toMatch(FRAMED_COOKIE);

    // The site's own pages and API calls keep their first-party cookie.
    for (const [method, target] of [
      ['GET', `/polls/${poll.id}`],
      ['GET', `/api/polls/${poll.id}`],
    ] as const) {
      const reply = await rawRequest(server.url, method, target, { headers: https, from: '127.0.0.1' });
      expect(voterSetCookie(reply), target).toMatch(SECURE_COOKIE);
    }
  });

  it('over plain HTTP keeps SameSite=Lax for the embed, since browsers refuse SameSite=None without Secure', async () => {
    const page = await rawRequest(server.url, 'GET', `/embed/${poll.id}`, { from: '127.0.0.2' });
    expect(voterSetCookie(page)).toMatch(PLAIN_COOKIE);
    const vote = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
      json: { option_id: poll.options[1]!.id },
      headers: { 'x-pollcast-embed': '1' },
      from: '127.0.0.2',
    });
    expect(vote.status).toBe(200);
    expect(voterSetCookie(vote)).toMatch(PLAIN_COOKIE);
    // Only a trusted proxy may say the visitor came over HTTPS.
    const claimed = await rawRequest(server.url, 'GET', `/embed/${poll.id}`, {
      headers: { 'x-forwarded-proto': 'https' },
      from: '127.0.0.2',
    });
    expect(voterSetCookie(claimed)).toMatch(PLAIN_COOKIE);
  });

  it('names its oEmbed endpoint on the poll page, and that link answers the iframe', async () => {
    const page = await rawRequest(server.url, 'GET', `/polls/${poll.id}`);
    const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)" title="Embed me\?"\/>/.exec(
      page.body,
    );
    expect(link).not.toBeNull();
    const href = new URL(decoded(link![1]!));
    expect(href.origin).toBe(server.url);
    expect(Object.fromEntries(href.searchParams)).toEqual({ url: `${server.url}/polls/${poll.id}`, format: 'json' });
    const oembed = await rawRequest(server.url, 'GET', `${href.pathname}${href.search}`);
    expect(oembed.status).toBe(200);
    expect(oembed.body.html).toContain(`src="${server.url}/embed/${poll.id}"`);

    // The embed code is the creator's tool: the page every voter gets does not offer it.
    expect(page.body).not.toContain('id="embed-code"');
  });
});

describe('PUBLIC_URL', () => {
  let server: PollcastProcess;

  beforeAll(async () => {
    server = await startPollcastProcess({ env: { PUBLIC_URL: 'https://polls.example.com/' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('makes the share link, the oEmbed link and its snippet, whatever host the request named', async () => {
    const poll = await createPoll(server.url, 'Public?');
    const page = await rawRequest(server.url, 'GET', `/polls/${poll.id}`);
    expect(page.status).toBe(200);
    const shareLink = /<input id="share-link"[^>]*\svalue="([^"]+)"/.exec(page.body)?.[1];
    expect(shareLink).toBe(`https://polls.example.com/polls/${poll.id}`);
    const publicPage = `https://polls.example.com/polls/${poll.id}`;
    const oembed = await rawRequest(server.url, 'GET', `/api/oembed?${new URLSearchParams({ url: publicPage })}`);
    expect(oembed.body.html).toContain(`src="https://polls.example.com/embed/${poll.id}"`);
    const oembedLink = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page.body)?.[1];
    expect(decoded(oembedLink ?? '')).toBe(
      `https://polls.example.com/api/oembed?url=${encodeURIComponent(`https://polls.example.com/polls/${poll.id}`)}&format=json`,
    );
    expect(page.body).not.toContain(server.url);
  });

  it('refuses to start when it is not a bare origin, naming it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-public-url-'));
    try {
      await expect(
        startPollcastProcess({ dataDir, env: { PUBLIC_URL: 'https://polls.example.com/vote' } }),
      ).rejects.toThrow(/PUBLIC_URL: must be an http:\/\/ or https:\/\/ origin/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
