import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voterContext,
} from './support';

/**
 * The poll on someone else's site, in a real browser: a page served from a second local port
 * puts the snippet (from oEmbed) in an iframe; people vote in
 * it and watch it move, and the frame tells the page its height (docs/EMBED.md).
 */

useServerAndBrowser();

type HeightMessage = { type: string; height: number; pollId: string; origin: string };

/** A blog on its own port: each page holds one snippet and sizes its frames as the docs show. */
function hostPage(snippet: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A blog</title><link rel="icon" href="data:,"></head>
<body>
<h1>A blog post with a poll</h1>
<script>
  window.heights = [];
  window.addEventListener('message', (event) => {
    if (event.data?.type !== 'pollcast:height') return;
    window.heights.push({ ...event.data, origin: event.origin });
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === event.source) frame.height = String(event.data.height);
    }
  });
</script>
${snippet}
<p>The end.</p>
</body>
</html>`;
}

const blogPages = new Map<string, string>();
let blog: http.Server;
let blogPort: number;

beforeAll(async () => {
  blog = http.createServer((req, res) => {
    const html = blogPages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => blog.listen(0, '127.0.0.1', resolve));
  blogPort = (blog.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => blog?.close(resolve));
});

/** Publishes a page on the blog; `host` localhost makes it another site than the poll's 127.0.0.1. */
function publish(path: string, snippet: string, host: 'localhost' | '127.0.0.1'): string {
  blogPages.set(path, hostPage(snippet));
  return `http://${host}:${blogPort}${path}`;
}

const resultRow = (frame: FrameLocator | Page, text: string) => frame.locator('ol.results li', { hasText: text });
const heightsOn = (page: Page) => page.evaluate(() => (window as unknown as { heights: HeightMessage[] }).heights);

/**
 * The frame may say its height more than once as it settles (fonts, the
 * live results arriving). Read the last height said and the frame's size
 * in one go, so a message landing between two reads cannot split them.
 */
const sizedToLastHeight = (page: Page) =>
  page.evaluate(() => {
    const heights = (window as unknown as { heights: HeightMessage[] }).heights;
    const last = heights.at(-1)?.height;
    return last !== undefined && document.querySelector('iframe')?.getAttribute('height') === String(last);
  });

describe.skipIf(!browserAvailable)('the poll embedded on another site', () => {
  it('votes inside the frame, moves live with votes cast elsewhere, and tells the page its height', async () => {
    const poll = await createPoll(server.url, { title: 'Tabs or spaces?', options: ['Tabs', 'Spaces'] });
    const pollPage = `${server.url}/polls/${poll.id}`;
    const oembed = await fetch(`${server.url}/api/oembed?${new URLSearchParams({ url: pollPage, format: 'json' })}`);
    expect(oembed.status).toBe(200);
    const { html } = (await oembed.json()) as { html: string };

    const reader = await voterContext(browser);
    const page = await reader.newPage();
    const errors = collectPageErrors(page);
    await page.goto(publish(`/post-${poll.id}`, html, 'localhost'));
    const frame = page.frameLocator('iframe');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Tabs or spaces?');
    await expect.poll(() => frame.locator('.live').textContent()).toMatch(/^Live:/);
    expect(await frame.locator('.site-header, .site-footer').count()).toBe(0);

    await frame.getByLabel('Spaces').check();
    await frame.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => frame.getByText('Your vote for “Spaces” was counted.').count()).toBe(1);
    await expect.poll(() => resultRow(frame, 'Spaces').locator('.result-figures').textContent()).toBe('1 vote · 100%');

    // Someone else votes on the poll's own page: the frame moves without a reload.
    const other = await voterContext(browser);
    const otherPage = await other.newPage();
    await otherPage.goto(pollPage);
    await otherPage.getByLabel('Tabs').check();
    await otherPage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => otherPage.getByText('Your vote for “Tabs” was counted.').count()).toBe(1);
    await expect.poll(() => resultRow(frame, 'Tabs').locator('.result-figures').textContent()).toBe('1 vote · 50%');
    await expect.poll(() => frame.getByText('2 votes').first().count()).toBe(1);

    // The page heard the frame's height, from the poll's origin, and sized the frame to fit it.
    const heights = await heightsOn(page);
    expect(heights.length).toBeGreaterThan(0);
    for (const message of heights) {
      expect(message).toEqual({
        type: 'pollcast:height',
        height: expect.any(Number),
        pollId: poll.id,
        origin: server.url,
      });
    }
    const last = heights.at(-1)!.height;
    expect(last).toBeGreaterThan(100);
    await expect.poll(() => sizedToLastHeight(page)).toBe(true);
    await expect
      .poll(() => frame.locator('html').evaluate(() => document.documentElement.scrollHeight <= window.innerHeight))
      .toBe(true);

    // The full page opens in a new tab.
    const link = frame.getByRole('link', { name: /Open in pollcast/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(new URL((await link.getAttribute('href'))!, server.url).href).toBe(pollPage);
    expect(errors).toEqual([]);
    await reader.close();
    await other.close();
  });

  it('tells the page a new height whenever the frame’s content changes', async () => {
    const poll = await createPoll(server.url, { title: 'Grows?', options: ['Yes', 'No'] });
    // A height far from the real one: only the frame's messages can make it fit.
    const snippet = `<iframe src="${server.url}/embed/${poll.id}" title="Poll" width="560" height="80"></iframe>`;
    const reader = await voterContext(browser);
    const page = await reader.newPage();
    await page.goto(publish(`/grows-${poll.id}`, snippet, 'localhost'));
    const frame = page.frameLocator('iframe');
    await expect.poll(() => frame.locator('.live').textContent()).toMatch(/^Live:/);
    await expect.poll(() => sizedToLastHeight(page)).toBe(true);
    const form = (await heightsOn(page)).at(-1)!.height;

    // Voting swaps the form for a notice and the results: the frame says its new height.
    await frame.getByLabel('Yes').check();
    await frame.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => frame.getByText('Your vote for “Yes” was counted.').count()).toBe(1);
    await expect.poll(async () => (await heightsOn(page)).at(-1)!.height).not.toBe(form);
    await expect.poll(() => sizedToLastHeight(page)).toBe(true);
    await expect
      .poll(() => frame.locator('html').evaluate(() => document.documentElement.scrollHeight <= window.innerHeight))
      .toBe(true);
    await reader.close();
  });

  it('keeps a browser’s vote across reloads where the browser lets the frame keep its cookie', async () => {
    const poll = await createPoll(server.url, {
      title: 'Same room?',
      options: ['Yes', 'No'],
      voter_identity: 'browser',
    });
    // The snippet as oEmbed gives it, the same the creator copies from the manage page.
    const pollPage = `${server.url}/polls/${poll.id}`;
    const oembed = await fetch(`${server.url}/api/oembed?${new URLSearchParams({ url: pollPage, format: 'json' })}`);
    const snippet = ((await oembed.json()) as { html: string }).html;
    expect(snippet).toContain(`src="${server.url}/embed/${poll.id}"`);

    // Same site (both on 127.0.0.1), so even plain HTTP's SameSite=Lax cookie goes with the frame.
    const reader = await voterContext(browser);
    const page = await reader.newPage();
    const url = publish(`/same-site-${poll.id}`, snippet, '127.0.0.1');
    await page.goto(url);
    const frame = page.frameLocator('iframe');
    await frame.getByLabel('No').check();
    await frame.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => frame.getByText('Your vote for “No” was counted.').count()).toBe(1);

    await page.reload();
    await expect.poll(() => resultRow(frame, 'No').locator('.mine').count()).toBe(1);
    expect(await frame.getByRole('button', { name: 'Vote' }).count()).toBe(0);
    await reader.close();
  });

  it('follows the host’s colour scheme, unless the snippet asks for a theme', async () => {
    const poll = await createPoll(server.url, { title: 'Light or dark?', options: ['Light', 'Dark'] });
    /** The frame's background, as its page is painted: dark means every channel under a half. */
    const backgroundOf = (page: Page | FrameLocator) =>
      page.locator('body').evaluate((body) => {
        const channels = getComputedStyle(body).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number);
        return channels.every((channel) => channel < 128) ? 'dark' : 'light';
      });
    for (const [colorScheme, query, expected] of [
      ['dark', '', 'dark'],
      ['light', '', 'light'],
      ['dark', '?theme=light', 'light'],
      ['light', '?theme=dark', 'dark'],
    ] as const) {
      const context = await voterContext(browser, { colorScheme });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      // On another site whose page follows the reader's scheme, as a host declaring `color-scheme` does.
      const snippet = `<iframe src="${server.url}/embed/${poll.id}${query}" title="Poll" width="560" height="400"></iframe>`;
      blogPages.set(
        `/theme-${colorScheme}${query}`,
        hostPage(snippet).replace('<head>', '<head><meta name="color-scheme" content="light dark">'),
      );
      await page.goto(`http://localhost:${blogPort}/theme-${colorScheme}${query}`);
      const frame = page.frameLocator('iframe');
      await expect.poll(() => frame.locator('h1').textContent()).toBe('Light or dark?');
      expect(await backgroundOf(frame), `${colorScheme} host, embed${query}`).toBe(expected);
      // The frame's own controls (radio buttons, scrollbars) are drawn in the same scheme.
      expect(await frame.locator('html').evaluate((html) => getComputedStyle(html).colorScheme)).toContain(
        query ? expected : 'light dark',
      );
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('is the only page another site can frame', async () => {
    const poll = await createPoll(server.url, { title: 'Framed?', options: ['Yes', 'No'] });
    const reader = await voterContext(browser);
    const page = await reader.newPage();
    const snippet = [`/polls/${poll.id}`, `/embed/${poll.id}`]
      .map((path) => `<iframe src="${server.url}${path}" title="${path}" width="560" height="300"></iframe>`)
      .join('\n');
    await page.goto(publish(`/both-${poll.id}`, snippet, 'localhost'));
    const [pollFrame, embedFrame] = [page.frameLocator('iframe >> nth=0'), page.frameLocator('iframe >> nth=1')];
    await expect.poll(() => embedFrame.locator('h1').textContent()).toBe('Framed?');
    // The browser refuses to show the poll page in a frame: it shows its own error page instead.
    await expect.poll(() => page.frames().map((frame) => frame.url())).toContain('chrome-error://chromewebdata/');
    expect(page.frames().map((frame) => frame.url())).not.toContain(`${server.url}/polls/${poll.id}`);
    expect(await pollFrame.getByText('Framed?').count()).toBe(0);
    await reader.close();
  });
});
