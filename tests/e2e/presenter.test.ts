import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  createPoll,
  nextVoterIp,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
  type CreatedPoll,
} from './support';

/** The presenter screen (/polls/{id}/present) on projector-sized windows of a real browser. */

useServerAndBrowser();

const PROJECTORS = [
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
];

const TEN_OPTIONS = [
  'Pizza',
  'Sushi',
  'Salad',
  'Burritos',
  'Ramen',
  'Falafel wraps from the place around the corner',
  'Dumplings',
  'Curry',
  'Sandwiches',
  'Whatever is left in the fridge',
];

const row = (page: Page, text: string) => page.locator('.presenter-row', { hasText: text });
const figures = (page: Page, text: string) => row(page, text).locator('.presenter-figures').textContent();
const barWidth = (page: Page, text: string) => row(page, text).locator('.presenter-bar rect').getAttribute('width');
const watching = (page: Page) => page.locator('.presenter-watching').textContent();
const total = (page: Page) => page.locator('.presenter-total').textContent();

/** Everything that must fit, checked against the window: the page itself never scrolls either way. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollHeight > innerHeight) problems.push(`page is ${root.scrollHeight}px high in ${innerHeight}px`);
    if (root.scrollWidth > innerWidth) problems.push(`page is ${root.scrollWidth}px wide in ${innerWidth}px`);
    const parts = ['.presenter-question', '.presenter-row', '.presenter-qr', '.presenter-address', '.presenter-total'];
    for (const selector of parts) {
      for (const element of document.querySelectorAll(selector)) {
        const box = element.getBoundingClientRect();
        if (box.height === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
          problems.push(`${selector} "${element.textContent?.slice(0, 20)}" is not inside the window`);
        }
      }
    }
    return problems;
  });
}

/**
 * Console errors (CSP refusals, hydration failures) of each presenter page, from its first byte;
 * but the browser's own request for /favicon.ico, which pollcast does not serve on any page.
 */
const pageErrors = new WeakMap<Page, string[]>();
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function presenter(context: BrowserContext, poll: { id: string }, fragment = ''): Promise<Page> {
  const page = await context.newPage();
  pageErrors.set(page, collectPageErrors(page));
  await page.goto(`${server.url}/polls/${poll.id}/present${fragment}`);
  await expect.poll(() => page.locator('.presenter-footer .live').textContent()).toBe('Live');
  return page;
}

const createHiddenPoll = (title: string): Promise<CreatedPoll> =>
  createPoll(server.url, { title, options: ['Lisbon', 'Oslo', 'Tallinn'], results_visibility: 'creator' });

describe.skipIf(!browserAvailable)('presenter screen', () => {
  for (const viewport of PROJECTORS) {
    it(`fits a 10-option poll, its join code and QR code at ${viewport.width}×${viewport.height}, and moves with votes from elsewhere`, async () => {
      const poll = await createPoll(server.url, {
        title: 'Where do we order lunch from on the last Friday of the quarter?',
        options: TEN_OPTIONS,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
      const { code } = (await (await fetch(`${server.url}/api/polls/${poll.id}`)).json()).poll;
      const room = await voterContext(browser, { viewport });
      const page = await presenter(room, poll);
      const errors = pageErrors.get(page);

      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Where do we order lunch from on the last Friday of the quarter?',
      );
      expect(await page.locator('.presenter-address').textContent()).toBe(`${new URL(server.url).host}/j/${code}`);
      expect(await page.getByRole('img', { name: 'QR code of the join address' }).locator('svg').isVisible()).toBe(
        true,
      );
      const qr = await page.locator('.presenter-qr svg').boundingBox();
      expect(qr!.width).toBeGreaterThanOrEqual(250);
      expect(qr!.height).toBeCloseTo(qr!.width, 0);
      // The code is what people read from the back of the room.
      const codeSize = await page.locator('.presenter-address strong').evaluate((el) => getComputedStyle(el).fontSize);
      expect(parseFloat(codeSize)).toBeGreaterThanOrEqual(40);
      expect(await page.locator('.presenter-row').count()).toBe(10);
      expect(await figures(page, 'Pizza')).toBe('1 · 100%');
      expect(await page.locator('.presenter-state').textContent()).toMatch(/^Ends in 59 minutes, \d+ seconds?$/);
      await expect.poll(() => watching(page)).toBe('1 watching now');
      expect(await layoutProblems(page)).toEqual([]);

      // Someone in the room votes on their own phone: the bars move here, and they count as watching.
      const voter = await voterContext(browser);
      const phone = await voter.newPage();
      await phone.goto(`${server.url}/j/${code}`);
      await phone.getByLabel('Curry').check();
      await phone.getByRole('button', { name: 'Vote' }).click();
      await expect.poll(() => figures(page, 'Curry')).toBe('1 · 50%');
      expect(await barWidth(page, 'Curry')).toBe('50%');
      expect(await figures(page, 'Pizza')).toBe('1 · 50%');
      expect(await barWidth(page, 'Pizza')).toBe('50%');
      expect(await total(page)).toBe('2 votes');
      await expect.poll(() => watching(page)).toBe('2 watching now');
      await voter.close();
      await expect.poll(() => watching(page)).toBe('1 watching now');

      // Arrow keys move nothing: there is nothing to scroll and no slide to change.
      for (const key of ['ArrowDown', 'ArrowRight', 'PageDown', 'End']) await page.keyboard.press(key);
      expect(await page.evaluate(() => [scrollX, scrollY])).toEqual([0, 0]);
      expect(page.url()).toBe(`${server.url}/polls/${poll.id}/present`);
      expect(await layoutProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await room.close();
    });
  }

  it('fits 20 options with a long question at 1024×768', async () => {
    const poll = await createPoll(server.url, {
      title:
        'Which of these twenty quite different options should we pick for the team offsite next spring, given the budget?',
      options: Array.from({ length: 20 }, (_, i) => `Destination number ${i + 1} on the list`),
    });
    const room = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const page = await presenter(room, poll);
    expect(await page.locator('.presenter-row').count()).toBe(20);
    expect(await layoutProblems(page)).toEqual([]);
    await room.close();
  });

  it('goes full screen with F and back, and lets browser shortcuts be', async () => {
    const poll = await createPoll(server.url, { title: 'Tea or coffee?', options: ['Tea', 'Coffee'] });
    const room = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const page = await presenter(room, poll);
    const fullScreen = () => page.evaluate(() => document.fullscreenElement?.tagName ?? null);
    await page.keyboard.press('f');
    await expect.poll(fullScreen).toBe('HTML');
    await page.keyboard.press('f');
    await expect.poll(fullScreen).toBe(null);
    await page.keyboard.press('Control+f');
    await page.keyboard.press('Shift+F');
    await expect.poll(fullScreen).toBe('HTML');
    await page.getByRole('button', { name: 'Full screen F' }).click();
    await expect.poll(fullScreen).toBe(null);
    await room.close();
  });

  it('with the admin link reveals hidden results by R, and another presenter screen shows the bars live', async () => {
    const poll = await createHiddenPoll('Where should the offsite be?');
    await voteThroughApi(server.url, poll.id, poll.options[1]!.id);
    await voteThroughApi(server.url, poll.id, poll.options[1]!.id);
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const creator = await voterContext(browser, { viewport: { width: 1920, height: 1080 } });
    const audience = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const urls: string[] = [];
    creator.on('request', (request) => urls.push(request.url(), request.headers().referer ?? ''));
    const admin = await presenter(creator, poll, `#admin=${poll.admin_token}`);
    const second = await presenter(audience, poll);
    const errors = [admin, second].flatMap((page) => pageErrors.get(page));

    for (const page of [admin, second]) {
      expect(await page.getByText('Results are hidden until the creator reveals them.').count()).toBe(1);
      expect(await total(page)).toBe('3 votes');
      expect(await page.locator('.presenter-figures').count()).toBe(0);
      expect(await page.locator('.presenter-bar').count()).toBe(0);
      expect(await page.locator('.presenter-row').allTextContents()).toEqual(['Lisbon', 'Oslo', 'Tallinn']);
    }
    await expect.poll(() => admin.getByRole('button', { name: 'Reveal results' }).count()).toBe(1);
    expect(await second.getByRole('button', { name: 'Reveal results' }).count()).toBe(0);
    // R on a screen without the admin link does nothing.
    await second.keyboard.press('r');

    await admin.keyboard.press('r');
    for (const page of [second, admin]) {
      await expect.poll(() => figures(page, 'Oslo')).toBe('2 · 67%');
      expect(await figures(page, 'Lisbon')).toBe('1 · 33%');
      expect(await figures(page, 'Tallinn')).toBe('0 · 0%');
      expect(await barWidth(page, 'Oslo')).toMatch(/^66\.66/);
      expect(await page.getByText('Results are hidden until the creator reveals them.').count()).toBe(0);
    }
    expect(await admin.getByRole('button', { name: 'Reveal results' }).count()).toBe(0);

    // Live from then on, on the screen that never had the link.
    await voteThroughApi(server.url, poll.id, poll.options[2]!.id);
    await expect.poll(() => figures(second, 'Tallinn')).toBe('1 · 25%');
    expect(await barWidth(second, 'Oslo')).toBe('50%');
    // The token went in a header to the API, never in an address a log or a Referer keeps (a fragment is never sent).
    expect(urls.map((url) => url.split('#')[0]).filter((url) => url!.includes(poll.admin_token))).toEqual([]);
    expect(errors).toEqual([]);
    await Promise.all([creator.close(), audience.close()]);
  });

  it('reveals with the button too, and says so when the admin link is wrong', async () => {
    const poll = await createHiddenPoll('Which city next year?');
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const creator = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const stranger = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const forged = await presenter(stranger, poll, '#admin=not-the-token');
    const refused = 'This admin link is not valid for this poll, so it cannot reveal results.';
    await expect.poll(() => forged.locator('.presenter-side').getByText(refused).count()).toBe(1);
    // Said by the screen's one status region too.
    expect(await forged.locator('.presenter-footer [role="status"]').textContent()).toBe(refused);
    expect(await forged.getByRole('button', { name: 'Reveal results' }).count()).toBe(0);

    const admin = await presenter(creator, poll, `#admin=${poll.admin_token}`);
    await admin.getByRole('button', { name: 'Reveal results' }).click();
    await expect.poll(() => figures(forged, 'Lisbon')).toBe('1 · 100%');
    await expect.poll(() => figures(admin, 'Lisbon')).toBe('1 · 100%');
    await Promise.all([creator.close(), stranger.close()]);
  });

  it('hides the results with H and the QR code with Q, without a mouse, announcing each change', async () => {
    const poll = await createPoll(server.url, { title: 'Tea or coffee?', options: ['Tea', 'Coffee'] });
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const room = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await presenter(room, poll);
    // On a 1280 px screen the footer's buttons keep to one row, below the results.
    const rows = await page
      .locator('.presenter-footer > button')
      .evaluateAll((buttons) => new Set(buttons.map((button) => button.getBoundingClientRect().top)).size);
    expect(rows).toBe(1);
    const announced = page.locator('.presenter-footer [role="status"]');
    const qr = page.getByRole('img', { name: 'QR code of the join address' });
    // The live region is there, empty, before anything changes, so screen readers read what follows.
    expect(await announced.count()).toBe(1);
    expect(await announced.textContent()).toBe('');

    await page.keyboard.press('h');
    await expect.poll(() => announced.textContent()).toBe('Results hidden on this screen.');
    expect(await page.locator('.presenter-figures').count()).toBe(0);
    expect(await page.locator('.presenter-bar').count()).toBe(0);
    expect(await page.getByText('Results are hidden on this screen for now.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Show results H' }).count()).toBe(1);
    // Votes still arrive: the total moves, the bars stay hidden until asked for.
    await voteThroughApi(server.url, poll.id, poll.options[1]!.id);
    await expect.poll(() => total(page)).toBe('2 votes');
    expect(await page.locator('.presenter-figures').count()).toBe(0);
    await page.keyboard.press('Shift+H');
    await expect.poll(() => announced.textContent()).toBe('Results shown on this screen.');
    expect(await figures(page, 'Coffee')).toBe('1 · 50%');

    await page.keyboard.press('q');
    await expect.poll(() => announced.textContent()).toBe('QR code and join code hidden.');
    expect(await qr.count()).toBe(0);
    expect(await page.locator('.presenter-address').count()).toBe(0);
    expect(await total(page)).toBe('2 votes');
    await page.keyboard.press('q');
    await expect.poll(() => announced.textContent()).toBe('QR code and join code shown.');
    expect(await qr.isVisible()).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);

    // Keys typed into a field (a browser extension's, a search box) are that field's.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { id: 'typing' })));
    await page.locator('#typing').focus();
    await page.keyboard.type('hqc?');
    expect(await page.locator('#typing').inputValue()).toBe('hqc?');
    expect(await page.locator('.presenter-figures').count()).toBe(2);
    expect(await qr.count()).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await announced.textContent()).toBe('QR code and join code shown.');
    expect(pageErrors.get(page)).toEqual([]);
    await room.close();
  });

  it('lists its keys on ? and closes the list with Esc, keeping focus in the list meanwhile', async () => {
    const poll = await createPoll(server.url, { title: 'Tea or coffee?', options: ['Tea', 'Coffee'] });
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const room = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const page = await presenter(room, poll);
    const keys = page.getByRole('dialog', { name: 'Keys' });
    expect(await keys.isVisible()).toBe(false);

    await page.keyboard.press('?');
    await expect.poll(() => keys.isVisible()).toBe(true);
    expect(await keys.locator('dt').allTextContents()).toEqual(['F', 'H', 'Q', 'P', 'T', 'C', 'R', '?']);
    expect(await keys.getByText('Hide or show the results on this screen').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    // While the list is open its keys only describe: H hides nothing.
    await page.keyboard.press('h');
    expect(await page.locator('.presenter-figures').count()).toBe(2);
    expect(
      await keys.getByRole('button', { name: 'Close Esc' }).evaluate((button) => button === document.activeElement),
    ).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => keys.isVisible()).toBe(false);
    await page.keyboard.press('?');
    await expect.poll(() => keys.isVisible()).toBe(true);
    await page.keyboard.press('?');
    await expect.poll(() => keys.isVisible()).toBe(false);
    // The keys still work once it is closed.
    await page.keyboard.press('h');
    await expect.poll(() => page.locator('.presenter-figures').count()).toBe(0);
    expect(pageErrors.get(page)).toEqual([]);
    await room.close();
  });

  it('closes and reopens voting with C from the admin link; without it, C says it needs the manage link', async () => {
    const poll = await createPoll(server.url, { title: 'Pizza or pasta?', options: ['Pizza', 'Pasta'] });
    const creator = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const audience = await voterContext(browser, { viewport: { width: 1024, height: 768 } });
    const admin = await presenter(creator, poll, `#admin=${poll.admin_token}`);
    const second = await presenter(audience, poll);
    const isActive = async () => (await (await fetch(`${server.url}/api/polls/${poll.id}`)).json()).poll.is_active;
    const announced = (page: Page) => page.locator('.presenter-footer [role="status"]').textContent();
    const needsLink =
      'Closing and reopening voting needs the manage link: open this screen from the poll’s manage page.';

    await second.keyboard.press('c');
    const notice = second.locator('.presenter-side').getByText(needsLink, { exact: true });
    await expect.poll(() => notice.isVisible()).toBe(true);
    // Read out by the screen's one status region.
    await expect.poll(() => announced(second)).toBe(needsLink);
    expect(await isActive()).toBe(true);

    await expect.poll(() => admin.getByRole('button', { name: 'Close voting C' }).count()).toBe(1);
    await admin.keyboard.press('c');
    await expect.poll(() => announced(admin)).toBe('Voting closed.');
    expect(await isActive()).toBe(false);
    expect(await admin.locator('.presenter-state').textContent()).toBe('Voting has ended');
    await expect.poll(() => second.locator('.presenter-state').textContent()).toBe('Voting has ended');
    const refused = await fetch(`${server.url}/api/polls/${poll.id}/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
      body: JSON.stringify({ option_id: poll.options[0]!.id }),
    });
    expect(refused.status).toBe(403);

    await admin.keyboard.press('c');
    await expect.poll(() => announced(admin)).toBe('Voting reopened.');
    expect(await isActive()).toBe(true);
    expect(await admin.locator('.presenter-state').textContent()).toBe('Open for votes');
    await expect.poll(() => second.locator('.presenter-state').textContent()).toBe('Open for votes');
    await voteThroughApi(server.url, poll.id, poll.options[1]!.id);
    await expect.poll(() => figures(second, 'Pasta')).toBe('1 · 100%');
    expect([admin, second].flatMap((page) => pageErrors.get(page))).toEqual([]);
    await Promise.all([creator.close(), audience.close()]);
  });

  it('animates the bars, and keeps them still for a viewer who asked for reduced motion', async () => {
    const poll = await createPoll(server.url, { title: 'Tea or coffee?', options: ['Tea', 'Coffee'] });
    const transition = async (reducedMotion: 'reduce' | 'no-preference') => {
      const room = await voterContext(browser, { viewport: { width: 1024, height: 768 }, reducedMotion });
      const page = await presenter(room, poll);
      const style = await page
        .locator('.presenter-bar rect')
        .first()
        .evaluate((rect) => {
          const computed = getComputedStyle(rect);
          return `${computed.transitionProperty} ${computed.transitionDuration}`;
        });
      await room.close();
      return style;
    };
    expect(await transition('no-preference')).toBe('width 0.6s');
    expect(await transition('reduce')).toMatch(/ 0s$/);
  });
});
