import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  castThroughApi,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voterContext,
} from './support';

/** A ranked poll's count on the presenter screen: long names whole, on a projector and on a phone. */

useServerAndBrowser();

const SURNAMES = [
  'Okafor',
  'Lindqvist',
  'Rossi',
  'Tanaka',
  'Kowalski',
  'Haddad',
  'Silva',
  'Dubois',
  'Nguyen',
  'Moreau',
];
const LONG_WINNER = 'Candidate 50 Garcia-Montgomery Whitfield';

async function createRanked(options: string[]): Promise<{ id: string; ids: string[] }> {
  const poll = await createPoll(server.url, {
    kind: 'ranked',
    title: 'Who should chair the budget committee?',
    options,
  });
  return { id: poll.id, ids: poll.options.map((option) => option.id) };
}

/** Casts `count` ballots ranking these options (by position), each as another voter. */
async function rank(poll: { id: string; ids: string[] }, positions: number[], count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await castThroughApi(server.url, poll.id, { ranking: positions.map((position) => poll.ids[position]!) });
  }
}

/**
 * Why a text would not be read whole: a box it overflows, an ellipsis, an ancestor that clips
 * it, or the window's edges. Empty when every character is on screen.
 */
function cutsOf(text: Locator): Promise<string[]> {
  return text.evaluate((element) => {
    const cuts: string[] = [];
    if (element.scrollWidth > element.clientWidth + 1) cuts.push(`wider than its box (${element.scrollWidth}px)`);
    if (getComputedStyle(element).textOverflow === 'ellipsis') cuts.push('ends in an ellipsis when too long');
    const range = document.createRange();
    range.selectNodeContents(element);
    const words = range.getBoundingClientRect();
    for (let box: Element | null = element; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const edge = box.getBoundingClientRect();
      const inside =
        words.left >= edge.left - 1 &&
        words.right <= edge.right + 1 &&
        words.top >= edge.top - 1 &&
        words.bottom <= edge.bottom + 1;
      if (!inside) cuts.push(`clipped by .${box.className}`);
    }
    if (words.left < 0 || words.top < 0 || words.right > innerWidth || words.bottom > innerHeight) {
      cuts.push('outside the window');
    }
    return cuts;
  });
}

const scrolls = (page: Page) =>
  page.evaluate(
    () => document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
  );

describe.skipIf(!browserAvailable)('a ranked count on the presenter screen', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 375, height: 812 },
  ]) {
    it(`shows the winner's whole name beside its bar at ${viewport.width}×${viewport.height}`, async () => {
      const names = Array.from({ length: 50 }, (_, i) => `Candidate ${i + 1} ${SURNAMES[i % 10]}`);
      names[49] = LONG_WINNER;
      const poll = await createRanked(names);
      await rank(poll, [49, 3], 5);
      await rank(poll, [3, 49], 3);
      await rank(poll, [7, 49], 2);
      const room = await voterContext(browser, { viewport });
      const page = await room.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${server.url}/polls/${poll.id}/present`);
      await page.locator('.ranked-outcome').waitFor();

      const winner = page.locator('.ranked-bars .is-winner');
      expect(await winner.locator('.ranked-bar-name').textContent()).toBe(`${LONG_WINNER}Winner`);
      expect(await cutsOf(winner.locator('.ranked-bar-name'))).toEqual([]);
      expect(await winner.locator('.ranked-bar').isVisible()).toBe(true);
      // A projector's screen never scrolls; a phone's is one column that does.
      if (viewport.width >= 1024) expect(await scrolls(page)).toBe(false);
      expect(errors).toEqual([]);
      await room.close();
    });
  }

  it('gives fewer options a bar while long names would not fit 1280×720, the winner always, each name whole', async () => {
    // A majority in the first round: every option is still in the final round.
    const names = Array.from(
      { length: 50 },
      (_, i) => `Candidate ${i + 1} ${SURNAMES[i % 10]}-${SURNAMES[(i + 3) % 10]} Whitfield`,
    );
    const poll = await createRanked(names);
    await rank(poll, [0], 30);
    for (let option = 1; option <= 12; option++) await rank(poll, [option * 3], 2);
    const room = await voterContext(browser, { viewport: { width: 1280, height: 720 } });
    const page = await room.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/present`);
    await page.locator('.ranked-outcome').waitFor();

    // Bars give way one render at a time until the names fit; then the screen does not scroll.
    await expect.poll(() => scrolls(page)).toBe(false);
    const bars = page.locator('.ranked-bars li');
    const count = await bars.count();
    expect(count).toBeGreaterThanOrEqual(3);
    expect(await bars.first().locator('.ranked-bar-name').textContent()).toBe(`${names[0]}Winner`);
    expect(await bars.last().locator('.ranked-bar-name').textContent()).toBe(`${50 - (count - 1)} others`);
    for (let i = 0; i < count; i++) expect(await cutsOf(bars.nth(i).locator('.ranked-bar-name'))).toEqual([]);

    // A larger window holds more of them.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => bars.count()).toBeGreaterThan(count);
    expect(await scrolls(page)).toBe(false);
    expect(errors).toEqual([]);
    await room.close();
  });
});
