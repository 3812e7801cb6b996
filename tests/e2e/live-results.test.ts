import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  nextVoterIp,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
  type CreatedPoll,
} from './support';

/**
 * Following live results with a screen reader, a keyboard, or a need for stillness (issue 28,
 * WCAG 2.2.2 and 4.1.3): the view's one status region and what it says over time, the pause, the
 * results as a table, focus kept as results re-render, and summaries switched off. Time inside the
 * page is Playwright's clock, paused and moved on by the test, so "10 s later" takes no 10 s.
 */

useServerAndBrowser();

/** Poll text is isolated (FSI … PDI) in what the region says; the tests read it without the marks. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2068\u2069]/g, '');

/**
 * Records every text the page's status region says from now on, as a screen reader hears it: each
 * part as it is added or its text changes (the region is not atomic).
 */
async function listen(page: Page, region = '.live-announcements'): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const parts = mutation.type === 'characterData' ? [mutation.target] : [...mutation.addedNodes];
        for (const part of parts) if (part.textContent?.trim()) said.push(part.textContent.trim());
      }
    }).observe(document.querySelector(selector)!, { childList: true, subtree: true, characterData: true });
  }, region);
  return async () => (await page.evaluate(() => (window as unknown as { said: string[] }).said)).map(plain);
}

/** The poll page with the page's clock installed and paused once it is live. */
async function openPaused(page: Page, path: string): Promise<void> {
  await page.clock.install();
  await page.goto(`${server.url}${path}`);
  await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live\b/);
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
}

const figures = (page: Page, option: string) =>
  page.locator('ol.results li', { hasText: option }).locator('.result-figures').textContent();

async function votes(poll: CreatedPoll, optionIndexes: number[]) {
  for (const index of optionIndexes) await voteThroughApi(server.url, poll.id, poll.options[index]!.id);
}

describe.skipIf(!browserAvailable)('live results everyone can follow', () => {
  it('has one status region from the first byte, and never puts the results in a live region', async () => {
    const poll = await createPoll(server.url, { title: 'Tabs or spaces?', options: ['Tabs', 'Spaces'] });
    for (const path of [`/polls/${poll.id}`, `/embed/${poll.id}`, `/polls/${poll.id}/present`]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      expect(html.match(/role="status"/g)?.length, path).toBe(1);
      expect(html, path).not.toContain('aria-live');
    }
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.getByLabel('Tabs').check();
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.getByText('Your vote for “Tabs” was counted.', { exact: true }).waitFor();
    // Beside the share panel's copy button, which speaks only when pressed, the page has one region.
    const regions = await page.evaluate(() =>
      [...document.querySelectorAll('main [role="status"], main [aria-live]')]
        .filter((region) => !region.closest('.share'))
        .map((region) => region.className),
    );
    expect(regions).toEqual(['live-announcements']);
    await context.close();
  });

  it('says the voter’s vote at once, sums up a burst at most once per 10 s, and a new lead at once', async () => {
    const poll = await createPoll(server.url, { title: 'Which editor?', options: ['Vim', 'Emacs', 'Nano'] });
    await votes(poll, [0, 0, 1]);
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openPaused(page, `/polls/${poll.id}`);
    const said = await listen(page);

    await page.getByLabel('Vim').check();
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await expect.poll(said).toEqual(['Your vote for “Vim” was counted.', '“Vim” leads with 75%, 4 votes.']);

    // A burst from others, Vim still leading: the figures move, the region waits.
    await votes(poll, [1, 2, 0, 1, 2, 0]);
    await expect.poll(() => figures(page, 'Vim')).toBe('5 votes · 50%');
    expect(await said()).toHaveLength(2);
    await page.clock.runFor(9_000);
    expect(await said()).toHaveLength(2);
    await page.clock.runFor(1_000);
    await expect.poll(said).toHaveLength(3);
    expect((await said())[2]).toBe('“Vim” leads with 50%, 10 votes.');

    // More votes within the next 10 s: nothing until it has passed.
    await votes(poll, [2, 1]);
    await expect.poll(() => figures(page, 'Emacs')).toBe('4 votes · 33%');
    await page.clock.runFor(5_000);
    expect(await said()).toHaveLength(3);

    // Emacs draws level, then takes the lead: each said as it shows, without waiting for the 10 s.
    await votes(poll, [1]);
    await expect.poll(said).toHaveLength(4);
    expect((await said())[3]).toBe('“Vim” and “Emacs” are tied at 38% each, 13 votes.');
    await page.clock.runFor(3_000);
    await votes(poll, [1]);
    await expect.poll(said).toHaveLength(5);
    expect((await said())[4]).toBe('“Emacs” leads with 43%, 14 votes.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pauses the results while votes arrive, counts them, and jumps to the latest on resume', async () => {
    const poll = await createPoll(server.url, {
      title: 'Tea or coffee?',
      options: ['Tea', 'Coffee'],
      expires_at: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    await votes(poll, [0, 1, 1]);
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live\b/);
    const pause = page.getByRole('button', { name: 'Pause live updates' });
    const countdown = page.locator('p.row time');
    await expect.poll(() => countdown.textContent()).toMatch(/^Ends in 1 hour, 59 minutes$/);
    const said = await listen(page);

    // By keyboard: the switch takes focus and Space presses it.
    await pause.focus();
    await page.keyboard.press('Space');
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(said).toEqual(['Live updates paused.']);
    expect(await page.locator('.live-waiting').textContent()).toBe('Paused, no new votes yet');
    // The countdown holds still too: it says when the poll ends, and keeps saying it.
    const held = await countdown.textContent();
    expect(held).toMatch(/^Ends [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$/);
    await page.waitForTimeout(1_500);
    expect(await countdown.textContent()).toBe(held);

    await votes(poll, [0, 0, 0]);
    await expect.poll(() => page.locator('.live-waiting').textContent()).toBe('Paused, 3 new votes waiting');
    expect(await figures(page, 'Tea')).toBe('1 vote · 33%');
    expect(await page.getByText('3 votes in total').count()).toBe(1);

    // The voter's own vote shows at once, paused or not, with everything its answer brought.
    await page.getByLabel('Coffee').check();
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await expect.poll(() => figures(page, 'Coffee')).toBe('3 votes · 43%');
    expect(await figures(page, 'Tea')).toBe('4 votes · 57%');
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.live-waiting').textContent()).toBe('Paused, no new votes yet');

    await votes(poll, [1, 1]);
    await expect.poll(() => page.locator('.live-waiting').textContent()).toBe('Paused, 2 new votes waiting');
    expect(await figures(page, 'Coffee')).toBe('3 votes · 43%');
    await pause.click();
    expect(await pause.getAttribute('aria-pressed')).toBe('false');
    expect(await figures(page, 'Coffee')).toBe('5 votes · 56%');
    expect(await page.locator('.live-waiting').count()).toBe(0);
    expect(await countdown.textContent()).toMatch(/^Ends in 1 hour, 59 minutes$/);
    expect((await said()).at(-1)).toBe('Live updates resumed. “Coffee” leads with 56%, 9 votes.');
    expect(await pause.evaluate((button) => button === document.activeElement)).toBe(true);
    await context.close();
  });

  it('shows the results as a table matching the bars, kept live, the focus staying where it was', async () => {
    const poll = await createPoll(server.url, { title: 'Best season?', options: ['Spring', 'Summer', 'Autumn'] });
    await votes(poll, [0, 1, 1, 2]);
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live\b/);
    const table = page.getByRole('table', { name: 'Votes for each answer' });
    // Folded, the table is still there for a screen reader (one of it), but takes no room on screen.
    expect(await tablesHeard(page, 'Votes for each answer')).toBe(1);
    const room = await table.evaluate((element) => {
      const box = element.parentElement!.getBoundingClientRect();
      return box.width * box.height;
    });
    expect(room).toBeLessThanOrEqual(1);
    const summary = page.getByText('Show as table', { exact: true });
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await table.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    expect(await table.count()).toBe(1);
    expect(await tablesHeard(page, 'Votes for each answer')).toBe(1);
    const matches = async () => {
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent).join(' | ')),
        );
      const bars = await page.locator('ol.results li').evaluateAll((lis) =>
        lis.map((li) => {
          const [votes, percent] = li.querySelector('.result-figures')!.textContent!.split(' · ');
          return `${li.querySelector('.result-label > span')!.textContent} | ${votes!.split(' ')[0]} | ${percent}`;
        }),
      );
      return rows.join('\n') === bars.join('\n') ? rows : { rows, bars };
    };
    expect(await table.locator('thead th').allTextContents()).toEqual(['Answer', 'Votes', 'Percent']);
    expect(await table.locator('th[scope="row"]').count()).toBe(3);
    expect(await matches()).toEqual(['Spring | 1 | 25%', 'Summer | 2 | 50%', 'Autumn | 1 | 25%']);

    await votes(poll, [2, 2]);
    await expect.poll(matches).toEqual(['Spring | 1 | 17%', 'Summer | 2 | 33%', 'Autumn | 3 | 50%']);
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await table.isVisible()).toBe(true);
    await context.close();
  });

  it('opens the table without JavaScript, one table for a screen reader either way', async () => {
    const poll = await createPoll(server.url, { title: 'Best river?', options: ['Rhine', 'Nile'] });
    await votes(poll, [0, 1, 1]);
    const context = await voterContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    const table = page.getByRole('table', { name: 'Votes for each answer' });
    expect(await tablesHeard(page, 'Votes for each answer')).toBe(1);
    // Folded, it takes no room on screen.
    expect(await table.evaluate((element) => element.parentElement!.getBoundingClientRect().width)).toBeLessThanOrEqual(
      1,
    );
    await page.getByText('Show as table', { exact: true }).click();
    await expect.poll(async () => (await table.boundingBox())?.width ?? 0).toBeGreaterThan(200);
    expect(await tablesHeard(page, 'Votes for each answer')).toBe(1);
    expect(await table.locator('tbody tr').allInnerTexts()).toEqual(['Rhine\t1\t33%', 'Nile\t2\t67%']);
    await context.close();
  });

  it('keeps the focus on an answer’s Hide button when others’ answers change how it is spelt', async () => {
    const created = await fetch(`${server.url}/api/polls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text', title: 'Favourite food?' }),
    });
    const poll = (await created.json()) as { id: string; admin_token: string };
    const answer = async (text: string) => {
      const response = await fetch(`${server.url}/api/polls/${poll.id}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
        body: JSON.stringify({ answers: [text] }),
      });
      expect(response.status).toBe(200);
    };
    await answer('Pizza');
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    const hide = page.getByRole('button', { name: 'Hide “Pizza”', exact: true });
    await hide.focus();
    // Two more write it in lower case: the answer now shows as they spelt it, and its button is the same one.
    await answer('pizza');
    await answer('pizza');
    await page.getByRole('button', { name: 'Hide “pizza”', exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Hide “pizza”');
    await context.close();
  });

  it('says only the total where the poll hides its counts, and nothing once summaries are switched off', async () => {
    const poll = await createPoll(server.url, {
      title: 'Secret ballot?',
      options: ['Yes', 'No'],
      results_visibility: 'after_vote',
    });
    const context = await voterContext(browser);
    const page = await context.newPage();
    await openPaused(page, `/polls/${poll.id}`);
    const said = await listen(page);
    await votes(poll, [0, 0, 1]);
    await expect.poll(() => page.getByText('3 votes so far').count()).toBe(1);
    await page.clock.runFor(10_000);
    await expect.poll(said).toEqual(['3 votes cast so far.']);
    expect(await page.getByRole('table').count()).toBe(0);

    const announce = page.getByRole('button', { name: 'Announce changes' });
    expect(await announce.getAttribute('aria-pressed')).toBe('true');
    await announce.click();
    expect(await announce.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(said).toEqual(['3 votes cast so far.', 'Changes will not be announced.']);

    // Remembered in this browser: a new visit starts with them off, and others' votes stay unsaid.
    const again = await context.newPage();
    await openPaused(again, `/polls/${poll.id}`);
    const heard = await listen(again);
    expect(await again.getByRole('button', { name: 'Announce changes' }).getAttribute('aria-pressed')).toBe('false');
    await votes(poll, [1, 1]);
    await expect.poll(() => again.getByText('5 votes so far').count()).toBe(1);
    await again.clock.runFor(30_000);
    expect(await heard()).toEqual([]);
    // The viewer's own actions are still said.
    await again.getByRole('button', { name: 'Pause live updates' }).click();
    await expect.poll(heard).toEqual(['Live updates paused.']);
    await context.close();
  });

  it('pauses the presenter screen with P and shows its results as a table with T', async () => {
    const poll = await createPoll(server.url, { title: 'Which city?', options: ['Lisbon', 'Oslo'] });
    await votes(poll, [0, 1, 0]);
    const room = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await room.newPage();
    await page.goto(`${server.url}/polls/${poll.id}/present`);
    await expect.poll(() => page.locator('.presenter-footer .live').textContent()).toBe('Live');
    const region = page.locator('.presenter-footer [role="status"]');
    const row = (text: string) => page.locator('.presenter-row', { hasText: text }).locator('.presenter-figures');
    const pause = page.getByRole('button', { name: 'Pause live updates P' });

    await page.keyboard.press('p');
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => region.textContent()).toBe('Live updates paused.');
    await votes(poll, [1, 1]);
    await expect.poll(() => page.locator('.presenter-waiting').textContent()).toBe('Paused, 2 new votes waiting');
    expect(await row('Oslo').textContent()).toBe('1 · 33%');
    expect(await page.locator('.presenter-total').textContent()).toBe('3 votes');

    await page.keyboard.press('Shift+P');
    expect(await pause.getAttribute('aria-pressed')).toBe('false');
    expect(await row('Oslo').textContent()).toBe('3 · 60%');
    expect(plain(await region.textContent())).toBe('Live updates resumed. “Oslo” leads with 60%, 5 votes.');
    expect(await page.locator('.presenter-waiting').count()).toBe(0);

    await page.keyboard.press('t');
    await expect.poll(() => region.textContent()).toBe('Results shown as a table.');
    const table = page.getByRole('table', { name: 'Votes for each answer' });
    expect(await table.locator('tbody tr').allTextContents()).toEqual(['Lisbon240%', 'Oslo360%']);
    expect(await page.locator('.presenter-bar').count()).toBe(0);
    await page.keyboard.press('t');
    await expect.poll(() => page.locator('.presenter-bar').count()).toBe(2);
    await room.close();
  });

  it('makes every kind’s table reachable: a ranked poll’s rounds, an open-text poll’s answers', async () => {
    const ranked = await createPoll(server.url, {
      kind: 'ranked',
      title: 'Lunch?',
      options: ['Soup', 'Salad', 'Stew'],
    });
    // Stew goes out first and its ballot moves to Soup, which wins in round 2.
    for (const ranking of [[0, 1], [1, 0], [1], [2, 0], [0]]) {
      const response = await fetch(`${server.url}/api/polls/${ranked.id}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
        body: JSON.stringify({ ranking: ranking.map((i) => ranked.options[i]!.id) }),
      });
      expect(response.status).toBe(200);
    }
    const text = await (
      await fetch(`${server.url}/api/polls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'text', title: 'One word?', max_choices: 2 }),
      })
    ).json();
    for (const answers of [['calm'], ['busy', 'calm'], ['fun']]) {
      await fetch(`${server.url}/api/polls/${text.id}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': nextVoterIp() },
        body: JSON.stringify({ answers }),
      });
    }
    const context = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    await page.goto(`${server.url}/polls/${ranked.id}`);
    const rounds = page.getByRole('table', { name: 'Votes for each option in every round' });
    expect(await rounds.isVisible()).toBe(true);
    await page.goto(`${server.url}/embed/${ranked.id}`);
    await page.getByText('Every round', { exact: true }).click();
    expect(await rounds.isVisible()).toBe(true);
    await page.goto(`${server.url}/polls/${ranked.id}/present`);
    await expect.poll(() => page.locator('.presenter-footer .live').textContent()).toBe('Live');
    expect(await rounds.count()).toBe(0);
    await page.keyboard.press('t');
    expect(await rounds.isVisible()).toBe(true);
    expect(await rounds.locator('thead th').allTextContents()).toEqual(['Option', 'Round 1', 'Round 2']);

    await page.goto(`${server.url}/polls/${text.id}`);
    await page.getByText('Show as table', { exact: true }).click();
    const answers = page.getByRole('table', { name: 'Answers given, most first' });
    expect(await answers.locator('tbody tr').allTextContents()).toEqual(['calm2', 'busy1', 'fun1']);
    const listed = await page
      .locator('.answer-list li')
      .evaluateAll((lis) =>
        lis.map(
          (li) => `${li.querySelector('.answer-text')!.textContent}${li.querySelector('.answer-count')!.textContent}`,
        ),
      );
    expect(listed).toEqual(['calm2 votes', 'busy1 vote', 'fun1 vote']);
    await context.close();
  });

  it('draws bars at 3:1 against their track in light and dark, and moves nothing for reduced motion', async () => {
    const poll = await createPoll(server.url, { title: 'Light or dark?', options: ['Light', 'Dark'] });
    await votes(poll, [0, 1]);
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      for (const [path, bar] of [
        [`/polls/${poll.id}`, 'svg.bar'],
        [`/polls/${poll.id}/present`, 'svg.presenter-bar'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        const seen = await page
          .locator(bar)
          .first()
          .evaluate((svg) => {
            const rgb = (color: string) =>
              color
                .match(/\d+(\.\d+)?/g)!
                .slice(0, 3)
                .map(Number);
            const luminance = (color: string) => {
              const [r, g, b] = rgb(color).map((v) => {
                const c = v / 255;
                return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
              });
              return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
            };
            const rect = getComputedStyle(svg.querySelector('rect')!);
            const [fill, track] = [luminance(rect.fill), luminance(getComputedStyle(svg).backgroundColor)];
            return {
              contrast: (Math.max(fill, track) + 0.05) / (Math.min(fill, track) + 0.05),
              motion: `${rect.transitionDuration} ${rect.animationName}`,
            };
          });
        expect(seen.contrast, `${path} in ${colorScheme}`).toBeGreaterThanOrEqual(3);
        expect(seen.motion, `${path} in ${colorScheme}`).toBe('0s none');
      }
      await context.close();
    }
  });
});

/** How many tables of that name Chromium's own accessibility tree gives assistive technology. */
async function tablesHeard(page: Page, name: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    return nodes.filter((node) => !node.ignored && node.role?.value === 'table' && node.name?.value === name).length;
  } finally {
    await cdp.detach();
  }
}
