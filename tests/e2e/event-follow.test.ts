import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createEvent,
  moveEvent,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
  type CreatedEvent,
} from './support';
import { startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * Following an event over one live connection: the phone and the presenter screen take the shown
 * question's results from the event's own stream (the per-address cap counts connections, so a
 * second one per phone would halve the room behind one address), and a phone without JavaScript
 * votes and lands back on the event.
 */

useServerAndBrowser();

const OFFSITE = {
  title: 'Offsite planning',
  questions: [
    { title: 'Which city for the offsite?', options: ['Lisbon', 'Oslo'] },
    { title: 'Coffee or tea?', options: ['Coffee', 'Tea'], results_visibility: 'after_vote' },
  ],
};

/** Every live connection the page opens from now on: its streams (EventSource or fetch) and WebSockets. */
function liveConnections(page: Page): string[] {
  const opened: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (request.resourceType() === 'eventsource' || pathname.endsWith('/stream')) opened.push(pathname);
  });
  page.on('websocket', (socket) => opened.push(`websocket ${new URL(socket.url()).pathname}`));
  return opened;
}

const optionId = (created: CreatedEvent, question: number, text: string) =>
  created.questions[question]!.options.find((option) => option.option_text === text)!.id;
const figures = (page: Page, option: string) =>
  page.locator('ol.results li', { hasText: option }).locator('.result-figures').textContent();

describe.skipIf(!browserAvailable)('following an event', () => {
  it('lands a phone on the question shown now when its server comes back, without a reload', async () => {
    // A server of its own, stopped and started again on the same address and data.
    const env = { TRUST_PROXY: '127.0.0.1' };
    const first = await startPollcastProcess({ env, keepData: true });
    let second: PollcastProcess | undefined;
    const context = await voterContext(browser, { viewport: { width: 375, height: 740 } });
    try {
      const created = await createEvent(first.url, OFFSITE);
      const { id } = created.event;
      const move = (current: number) => moveEvent(first.url, id, created.admin_token, current);
      expect(await move(0)).toBe(200);
      const phone = await context.newPage();
      await phone.goto(`${first.url}/events/${id}`);
      const heading = () => phone.getByRole('heading', { level: 1 }).textContent();
      const live = () => phone.locator('.live').textContent();
      await expect.poll(heading).toBe('Which city for the offsite?');
      await expect.poll(live).toMatch(/^Live\b/);
      await phone.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

      await first.stop();
      await expect.poll(live).not.toMatch(/^Live\b/);
      second = await startPollcastProcess({ env, dataDir: first.dataDir, port: first.port });
      // The presenter moves while the phone is still waiting to reconnect.
      expect(await move(1)).toBe(200);
      await expect.poll(heading, { timeout: 40_000 }).toBe('Coffee or tea?');
      await expect.poll(live).toMatch(/^Live\b/);
      expect(await phone.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    } finally {
      await context.close();
      await second?.stop();
      await first.stop();
      fs.rmSync(first.dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('holds one live connection per phone and per presenter across moves, with the results live', async () => {
    const created = await createEvent(server.url, OFFSITE);
    const { id } = created.event;
    const room = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const presenter = await room.newPage();
    const errors = collectPageErrors(presenter);
    const presenterLive = liveConnections(presenter);
    await presenter.goto(`${server.url}/events/${id}/present#admin=${created.admin_token}`);
    const phone = await (await voterContext(browser, { viewport: { width: 375, height: 740 } })).newPage();
    errors.push(...collectPageErrors(phone));
    const phoneLive = liveConnections(phone);
    await phone.goto(`${server.url}/events/${id}`);
    await expect.poll(() => phone.locator('.event-strip').textContent()).toBe('Waiting for the next question');

    // 1: results everyone sees, moving as others vote.
    await presenter.keyboard.press('ArrowRight');
    await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Which city for the offsite?');
    await expect.poll(() => phone.locator('.live').textContent()).toMatch(/^Live\b/);
    await voteThroughApi(server.url, created.questions[0]!.id, optionId(created, 0, 'Lisbon'));
    await expect.poll(() => figures(phone, 'Lisbon')).toBe('1 vote · 100%');
    await phone.getByLabel('Oslo').check();
    await phone.getByRole('button', { name: 'Vote' }).click();
    await phone.getByText('Your vote for “Oslo” was counted.').waitFor();
    await expect.poll(() => figures(phone, 'Lisbon')).toBe('1 vote · 50%');
    await expect.poll(() => presenter.locator('.presenter-total').textContent()).toBe('2 votes');

    // 2: counts hidden until this phone votes, then live.
    await presenter.keyboard.press('ArrowRight');
    await expect.poll(() => phone.getByRole('heading', { level: 1 }).textContent()).toBe('Coffee or tea?');
    await voteThroughApi(server.url, created.questions[1]!.id, optionId(created, 1, 'Coffee'));
    await expect.poll(() => phone.getByText('1 vote so far').count()).toBeGreaterThan(0);
    expect(await phone.locator('.result-figures').count()).toBe(0);
    await phone.getByLabel('Tea').check();
    await phone.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => figures(phone, 'Coffee')).toBe('1 vote · 50%');
    await voteThroughApi(server.url, created.questions[1]!.id, optionId(created, 1, 'Coffee'));
    await expect.poll(() => figures(phone, 'Coffee')).toBe('2 votes · 67%');

    // The end closes the question on the phone, which says so.
    await presenter.getByRole('button', { name: 'End the event' }).click();
    await expect.poll(() => phone.locator('.event-strip').textContent()).toBe('This event has ended');

    expect(phoneLive).toEqual([`/api/events/${id}/stream`]);
    expect(presenterLive).toEqual([`/api/events/${id}/stream`]);
    expect(errors).toEqual([]);
    await room.close();
  });

  it('takes a vote without JavaScript and comes back to the event page', async () => {
    const created = await createEvent(server.url, OFFSITE);
    const { id } = created.event;
    await fetch(`${server.url}/api/events/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${created.admin_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ current: 0 }),
    });
    const phone = await (
      await voterContext(browser, { viewport: { width: 375, height: 740 }, javaScriptEnabled: false })
    ).newPage();
    await phone.goto(`${server.url}/j/${created.event.code}`);
    await phone.getByLabel('Lisbon').check();
    await phone.getByRole('button', { name: 'Vote' }).click();
    await phone.waitForURL((url) => url.searchParams.has('vote'));
    const back = new URL(phone.url());
    expect(back.pathname).toBe(`/events/${id}`);
    expect(back.searchParams.get('vote')).toBe('counted');
    expect(await phone.locator('.event-strip').textContent()).toBe('Question 1 of 2');
    await phone.getByText('Your vote for “Lisbon” was counted.').waitFor();
    expect(await figures(phone, 'Lisbon')).toBe('1 vote · 100%');
    expect(await phone.getByRole('button', { name: 'Vote' }).count()).toBe(0);
  });
});
