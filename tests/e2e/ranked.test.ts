import type { Page } from 'playwright-core';
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

/** Ranked-choice polls in a real browser: the form, the ballot by keyboard, mouse and without JavaScript, and the count. */

useServerAndBrowser();

const pollIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) as string;
const apiPoll = (id: string) => fetch(`${server.url}/api/polls/${id}`).then((response) => response.json());

const createRanked = (body: Omit<Parameters<typeof createPoll>[1], 'kind'>) =>
  createPoll(server.url, { ...body, kind: 'ranked' });
const rankThroughApi = (pollId: string, ranking: string[]) => castThroughApi(server.url, pollId, { ranking });

/** Drags a ranked row by its handle with the mouse, to where the row at `to` is, in small steps as a hand does. */
async function dragRow(page: Page, from: string, to: string) {
  const handle = page.locator('.ranking-item', { hasText: from }).locator('.ranking-handle');
  const target = page.locator('.ranking-item', { hasText: to });
  const start = (await handle.boundingBox())!;
  const end = (await target.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2, end.y + 2, { steps: 12 });
  await page.mouse.up();
}

describe.skipIf(!browserAvailable)('ranked-choice polls', () => {
  it('is created through the form, ranked by keyboard and by dragging, and counted live on the presenter screen', async () => {
    const creator = await voterContext(browser);
    const form = await creator.newPage();
    const errors = collectPageErrors(form);
    await form.goto(`${server.url}/polls/new`);
    await form.getByLabel('Question').fill('Which fruit for the party?');
    await form.getByLabel('Ranked choice').check();
    expect(await form.getByText('From 2 to 50, each different.').count()).toBe(1);
    expect(await form.getByLabel('How many may one voter rank').inputValue()).toBe('');
    await form.getByLabel('Answer 1', { exact: true }).fill('Mango');
    await form.getByLabel('Answer 2', { exact: true }).fill('Apple');
    await form.getByRole('button', { name: '+ Add an answer' }).click();
    await form.getByLabel('Answer 3', { exact: true }).fill('Banana');
    await form.getByRole('button', { name: 'Create poll' }).click();
    await form.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const pollId = pollIdOf(form);
    const created = await apiPoll(pollId);
    expect(created.poll).toMatchObject({ kind: 'ranked', max_choices: 3 });
    const id = (text: string) =>
      created.options.find((option: { option_text: string }) => option.option_text === text).id;

    // The first voter ranks by keyboard alone: Mango, then Banana, then Banana moved up with the arrow key.
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    errors.push(...collectPageErrors(page));
    await page.goto(`${server.url}/polls/${pollId}`);
    await page.locator('.ranking-pool').waitFor(); // the script runs: the selects became the ranking
    await page.getByRole('button', { name: 'Add Mango' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // the focus moved on to the next option not ranked: Apple
    expect(await page.locator('.ranking-item .ranking-text').allTextContents()).toEqual(['Mango', 'Apple']);
    await page.getByRole('button', { name: 'Apple, rank 2 of 2' }).focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('status').filter({ hasText: 'Apple moved to rank 1' }).count()).toBe(1);
    expect(await page.locator('.ranking-item .ranking-text').allTextContents()).toEqual(['Apple', 'Mango']);
    await page.getByRole('button', { name: 'Vote', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Your ranking was counted: “Apple”, then “Mango”.').waitFor();
    const rounds = page.getByRole('table', { name: 'Votes for each option in every round' });
    await rounds.waitFor();
    expect(await rounds.getByRole('columnheader', { name: 'Round 1' }).count()).toBe(1);
    expect(await page.locator('.ranked-outcome').textContent()).toBe(
      'Apple wins with 1 vote, 100% of the ballots still counted.',
    );
    expect(await page.locator('.your-ranking li').allTextContents()).toEqual(['Apple', 'Mango']);

    // The presenter screen follows: one ballot for Mango first, then the second voter's dragged ranking.
    const presenter = await (await voterContext(browser, { viewport: { width: 1280, height: 720 } })).newPage();
    errors.push(...collectPageErrors(presenter));
    await presenter.goto(`${server.url}/polls/${pollId}/present`);
    expect(await presenter.locator('.ranked-outcome').textContent()).toContain('Apple wins with 1 vote');
    await rankThroughApi(pollId, [id('Mango'), id('Banana')]);

    const second = await voterContext(browser);
    const dragger = await second.newPage();
    errors.push(...collectPageErrors(dragger));
    await dragger.goto(`${server.url}/polls/${pollId}`);
    await dragger.locator('.ranking-pool').waitFor();
    await dragger.getByRole('button', { name: 'Add Banana' }).click();
    await dragger.getByRole('button', { name: 'Add Apple' }).click();
    await dragRow(dragger, 'Apple', 'Banana');
    expect(await dragger.locator('.ranking-item .ranking-text').allTextContents()).toEqual(['Apple', 'Banana']);
    await dragger.getByRole('button', { name: 'Vote', exact: true }).click();
    await dragger.getByText('Your ranking was counted: “Apple”, then “Banana”.').waitFor();

    await presenter.waitForFunction(
      () => document.querySelector('.ranked-outcome')?.textContent?.startsWith('Apple wins with 2 votes'),
      undefined,
      { timeout: 10_000 },
    );
    expect(await presenter.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
    // The first voter's page follows live too.
    await page.waitForFunction(() => document.querySelector('.ranked-outcome')?.textContent?.includes('2 votes'));

    // Back on the page, the voter finds their ranking and the count, and no ballot.
    const again = await voter.newPage();
    await again.goto(`${server.url}/polls/${pollId}`);
    expect(await again.getByText('Your ranking', { exact: true }).count()).toBe(1);
    expect(await again.locator('.ranked-results').count()).toBe(1);
    expect(await again.locator('.ranking-ballot').count()).toBe(0);

    expect(errors).toEqual([]);
    await Promise.all([creator.close(), voter.close(), second.close(), presenter.context().close()]);
  });

  it('ranks by keyboard in German, saying each move in German, and counts in German', async () => {
    const poll = await createRanked({ title: 'Welches Obst?', options: ['Mango', 'Apfel', 'Banane'] });
    const [mango, , banana] = poll.options.map((option) => option.id) as [string, string, string];
    await rankThroughApi(poll.id, [mango]);
    await rankThroughApi(poll.id, [banana]);
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}?lang=de`);
    await page.locator('.ranking-pool').waitFor();
    expect(await page.getByRole('group', { name: 'Ordnen Sie die Optionen' }).count()).toBe(1);
    /** Waits until the ballot's live region says `words`. */
    const heard = (words: string) =>
      expect.poll(() => page.locator('.ranking-ballot [role="status"]').textContent()).toBe(words);

    await page.getByRole('button', { name: 'Mango hinzufügen' }).focus();
    await page.keyboard.press('Enter');
    await heard('Mango auf Platz 1 von 1 hinzugefügt');
    await page.keyboard.press('Enter'); // the focus moved on to the next option not ranked: Apfel
    await heard('Apfel auf Platz 2 von 2 hinzugefügt');
    await page.getByRole('button', { name: 'Apfel, Platz 2 von 2' }).focus();
    await page.keyboard.press('ArrowUp');
    await heard('Apfel auf Platz 1 von 2 verschoben');
    expect(await page.locator('.ranking-item .ranking-text').allTextContents()).toEqual(['Apfel', 'Mango']);
    // The focus stays on the moved option's handle, which names its new place.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Apfel, Platz 1 von 2');
    await page.keyboard.press('ArrowUp');
    await heard('Apfel bleibt auf Platz 1 von 2');
    await page.keyboard.press('End');
    await heard('Apfel auf Platz 2 von 2 verschoben');
    await page.keyboard.press('Delete');
    await heard('Apfel entfernt, noch 1 eingeordnet');
    expect(await page.locator('.ranking-submit').textContent()).toBe('Abstimmen1 von 3 eingeordnet');
    expect(await page.locator('.ranking-keys').textContent()).toMatch(/^Am Griff einer eingeordneten Option/);

    await page.getByRole('button', { name: 'Abstimmen', exact: true }).click();
    // The count beside the ballot follows the vote.
    await expect
      .poll(() => page.locator('.ranked-outcome').textContent())
      .toBe('Mango gewinnt mit 2 Stimmen, 67\u00a0% der noch gezählten Stimmzettel.');
    const rounds = page.getByRole('table', { name: 'Stimmen für jede Option in jeder Runde' });
    expect(await rounds.getByRole('columnheader', { name: 'Runde 1' }).count()).toBe(1);

    // In Arabic the page runs right to left, and each bar grows from the right, its start edge.
    const arabic = await context.newPage();
    errors.push(...collectPageErrors(arabic));
    await arabic.goto(`${server.url}/polls/${poll.id}?lang=ar`);
    expect(await arabic.locator('.ranked-outcome').textContent()).toMatch(/^يفوز Mango بصوتين، أي 67.*%/);
    const banane = arabic.locator('.ranked-bars li', { hasText: 'Banane' });
    const [track, bar] = await Promise.all([banane.locator('svg').boundingBox(), banane.locator('rect').boundingBox()]);
    expect(Math.abs(bar!.x + bar!.width - (track!.x + track!.width))).toBeLessThan(1);
    expect(bar!.width).toBeLessThan(track!.width / 2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets voters rank every answer after the creator adds one on the manage page', async () => {
    const poll = await createRanked({ title: 'Which room?', options: ['Attic', 'Barn', 'Cellar'] });
    const creator = await voterContext(browser);
    const manage = await creator.newPage();
    const errors = collectPageErrors(manage);
    await manage.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    const answersPerVoter = manage.locator('.settings dt:text-is("Answers per voter") + dd');
    expect(await answersPerVoter.textContent()).toBe('Ranks every answer');
    await manage.getByRole('button', { name: 'Edit question and answers' }).click();
    const form = manage.getByRole('region', { name: 'Question and answers' });
    await form.getByLabel('Question').fill('Which room, then?');
    await form.getByRole('button', { name: '+ Add an answer' }).click();
    await form.getByLabel('Answer 4', { exact: true }).fill('Deck');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await manage.getByText('Saved: voters now see the new question and answers.').waitFor();
    // The page is read again after a save: its heading is the server's, and so are the settings.
    await expect.poll(() => manage.locator('h1').textContent()).toBe('Which room, then?');
    expect(await answersPerVoter.textContent()).toBe('Ranks every answer');

    const voter = await voterContext(browser);
    const page = await voter.newPage();
    errors.push(...collectPageErrors(page));
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.locator('.ranking-pool').waitFor();
    for (const room of ['Deck', 'Cellar', 'Barn', 'Attic'])
      await page.getByRole('button', { name: `Add ${room}` }).click();
    expect(await page.locator('.ranking-item .ranking-text').allTextContents()).toEqual([
      'Deck',
      'Cellar',
      'Barn',
      'Attic',
    ]);
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.getByText('Your ranking was counted: “Deck”, then “Cellar”, then “Barn”, then “Attic”.').waitFor();
    expect((await apiPoll(poll.id)).poll.max_choices).toBe(4);
    expect(errors).toEqual([]);
    await Promise.all([creator.close(), voter.close()]);
  });

  it('keeps a 50-option ballot usable on a phone: options found by typing, the vote always in reach', async () => {
    const surnames = [
      'Okafor',
      'Lindqvist',
      'Rossi',
      'Tanaka',
      'Kowalski',
      'Haddad',
      'Silva',
      'Dubois',
      'Nguyen',
      'Núñez',
    ];
    const names = Array.from({ length: 50 }, (_, i) => `Candidate ${i + 1} ${surnames[i % 10]}`);
    const poll = await createRanked({ title: 'Who should chair the committee?', options: names });
    const phone = await voterContext(browser, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.locator('.ranking-pool').waitFor();
    const vote = page.getByRole('button', { name: 'Vote', exact: true });
    const bar = page.locator('.ranking-submit');
    /** Whether the whole box is on screen, above the vote bar unless it is in it. */
    const inView = (locator: typeof vote) =>
      locator.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const barTop = document.querySelector('.ranking-submit')?.getBoundingClientRect().top ?? innerHeight;
        const limit = element.closest('.ranking-submit') ? innerHeight : barTop;
        return box.top >= 0 && box.bottom <= limit + 0.5;
      });

    // Halfway down the options, the vote button and the count are still on screen, and a focused option is not under them.
    await page.locator('.ranking-add', { hasText: 'Candidate 25 ' }).focus();
    expect(await inView(page.locator('.ranking-add', { hasText: 'Candidate 25 ' }))).toBe(true);
    expect(await inView(vote)).toBe(true);
    expect(await bar.textContent()).toBe('VoteNothing ranked yet');
    // Short names take one compact row.
    expect((await page.locator('.ranking-add', { hasText: 'Candidate 3 Rossi' }).boundingBox())!.height).toBeLessThan(
      44,
    );

    const find = page.getByLabel('Find an option');
    await find.fill('nunez');
    expect(await page.locator('.ranking-add').allTextContents()).toEqual(
      [10, 20, 30, 40, 50].map((n) => `Add ${names[n - 1]}`),
    );
    expect(await page.getByText('5 of 50 shown').count()).toBe(1);
    await page.getByRole('button', { name: `Add ${names[19]}` }).click();
    // The focus stays among the options found, then goes back to the field once none is left.
    for (const n of [30, 40, 50, 10]) {
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Add ${names[n - 1]}`);
      await page.keyboard.press('Enter');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await find.getAttribute('id'));
    expect(await page.getByText('No option left to rank matches “nunez”.').count()).toBe(1);
    await find.press('Enter'); // in the field, Enter sends nothing
    expect(await bar.textContent()).toBe('Vote5 of 50 ranked');
    await find.fill('');
    expect(await page.locator('.ranking-add').count()).toBe(45);

    expect(await inView(vote)).toBe(true);
    await vote.click();
    await page.getByText(/^Your ranking was counted: “Candidate 20 Núñez”, then “Candidate 30 Núñez”/).waitFor();
    expect((await apiPoll(poll.id)).poll.total_votes).toBe(1);

    // On a wide screen the options not ranked take two columns.
    const wide = await (await voterContext(browser, { viewport: { width: 1280, height: 800 } })).newPage();
    await wide.goto(`${server.url}/polls/${poll.id}`);
    await wide.locator('.ranking-pool').waitFor();
    const [first, second] = await Promise.all([0, 1].map((i) => wide.locator('.ranking-add').nth(i).boundingBox()));
    expect(second!.y).toBe(first!.y);
    expect(second!.x).toBeGreaterThan(first!.x + first!.width);
    expect(errors).toEqual([]);
    await Promise.all([phone.close(), wide.context().close()]);
  });

  it('takes a ranked ballot from the numbered selects without JavaScript', async () => {
    const poll = await createRanked({ title: 'Without a script?', options: ['Red', 'Green', 'Blue'] });
    const context = await voterContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    expect(await page.getByRole('group', { name: 'Rank the options' }).count()).toBe(1);
    await page.getByLabel('1st choice').selectOption({ label: 'Blue' });
    await page.getByLabel('2nd choice').selectOption({ label: 'Red' });
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.waitForURL(/vote=counted/);
    expect(await page.getByText('Your ranking was counted: “Blue”, then “Red”.').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Votes for each option in every round' }).count()).toBe(1);
    const shown = await apiPoll(poll.id);
    expect(shown.poll.total_votes).toBe(1);
    expect(shown.results.winner).toBe(poll.options.find((option) => option.option_text === 'Blue')!.id);
    await context.close();
  });

  it('shows no counts and no rounds while the results wait for the poll to close, then all of them', async () => {
    const poll = await createRanked({
      title: 'Secret until the end?',
      options: ['North', 'South', 'East'],
      results_visibility: 'after_close',
    });
    await rankThroughApi(poll.id, [poll.options[0]!.id]);
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.locator('.ranking-pool').waitFor();
    await page.getByRole('button', { name: 'Add South' }).click();
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.getByText('Your ranking was counted: “South”.').waitFor();
    expect(await page.getByText('Results appear when the poll closes.').count()).toBe(1);
    expect(await page.getByText('2 votes', { exact: true }).count()).toBe(1);
    expect(await page.locator('.ranked-results, .result-figures, table').count()).toBe(0);

    const presenter = await (await voterContext(browser, { viewport: { width: 1280, height: 720 } })).newPage();
    await presenter.goto(`${server.url}/polls/${poll.id}/present`);
    expect(await presenter.getByText('Results are hidden until voting ends.').count()).toBe(1);
    expect(await presenter.locator('.ranked-results').count()).toBe(0);

    const closed = await fetch(`${server.url}/api/polls/${poll.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${poll.admin_token}` },
      body: JSON.stringify({ is_active: false }),
    });
    expect(closed.status).toBe(200);
    await page.getByRole('table', { name: 'Votes for each option in every round' }).waitFor();
    await presenter.locator('.ranked-outcome').waitFor();
    expect(await presenter.locator('.ranked-outcome').textContent()).toMatch(/wins with 1 vote/);
    expect(errors).toEqual([]);
    await Promise.all([context.close(), presenter.context().close()]);
  });
});
