import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voterContext,
  voteThroughApi,
  type CreatedPoll,
} from './support';

/** Polls that hide their counts, as voters and their creator see them in a real browser. */

useServerAndBrowser();

const createPollShowingResults = (
  body: { title: string; options: string[] },
  resultsVisibility: 'after_vote' | 'creator',
): Promise<CreatedPoll> => createPoll(server.url, { ...body, results_visibility: resultsVisibility });

const figures = (page: Page, text: string) =>
  page.locator('ol.results li', { hasText: text }).locator('.result-figures').textContent();
const shownFigures = (page: Page) => page.locator('.result-figures').count();
const bars = (page: Page) => page.locator('svg.bar').count();
const says = (page: Page, text: string) => page.getByText(text, { exact: true }).count();

/** Marks the document, so a later check can tell the page was never reloaded. */
const markPage = (page: Page) => page.evaluate(() => document.body.setAttribute('data-test-mark', 'same page'));
const stillSamePage = (page: Page) => page.evaluate(() => document.body.getAttribute('data-test-mark'));

describe.skipIf(!browserAvailable)('hidden results', () => {
  it('hides the counts from a voter until the creator reveals them, then shows them on the open page', async () => {
    const poll = await createPollShowingResults(
      { title: 'Where should the offsite be?', options: ['Lisbon', 'Oslo'] },
      'creator',
    );
    const oslo = poll.options[1]!;
    const voter = await voterContext(browser);
    const creator = await voterContext(browser);
    const page = await voter.newPage();
    const managePage = await creator.newPage();
    const errors = [page, managePage].flatMap((each) => collectPageErrors(each));

    await page.goto(`${server.url}/polls/${poll.id}`);
    await markPage(page);
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live:/);
    expect(await says(page, 'Results appear when the creator shows them.')).toBe(1);
    expect(await says(page, 'The creator decides when everyone sees the results')).toBe(1);
    expect(await page.getByText('0 votes so far').count()).toBe(1);

    await page.getByLabel('Lisbon').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => page.getByText('Your vote for “Lisbon” was counted.').count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Results' }).count()).toBe(1);
    expect(await says(page, 'Results appear when the creator shows them.')).toBe(1);
    expect(await page.getByText('1 vote in total').count()).toBe(1);
    expect(await page.locator('ol.results li').allTextContents()).toEqual(['LisbonYour vote', 'Oslo']);
    expect(await shownFigures(page)).toBe(0);
    expect(await bars(page)).toBe(0);

    await managePage.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    await expect.poll(() => figures(managePage, 'Lisbon')).toBe('1 vote · 100%');
    expect(await figures(managePage, 'Oslo')).toBe('0 votes · 0%');
    expect(await managePage.locator('p', { hasText: 'When results appear:' }).textContent()).toBe(
      'When results appear: When you show them (only you see the counts until you reveal them)',
    );
    await expect.poll(() => managePage.locator('.live').textContent()).toMatch(/^Live:/);

    // Live for the creator, still hidden for the voter.
    await voteThroughApi(server.url, poll.id, oslo.id);
    await expect.poll(() => figures(managePage, 'Oslo')).toBe('1 vote · 50%');
    await expect.poll(() => page.getByText('2 votes in total').count()).toBe(1);
    expect(await shownFigures(page)).toBe(0);

    await managePage.getByRole('button', { name: 'Reveal results' }).click();
    await expect.poll(() => managePage.getByText('Results revealed: everyone sees the counts now.').count()).toBe(1);
    expect(await managePage.getByRole('button', { name: 'Reveal results' }).count()).toBe(0);
    expect(await managePage.evaluate(() => document.activeElement?.id)).toBe('results-visibility');

    await expect.poll(() => figures(page, 'Lisbon')).toBe('1 vote · 50%');
    expect(await figures(page, 'Oslo')).toBe('1 vote · 50%');
    expect(await page.locator('svg.bar rect').first().getAttribute('width')).toBe('50%');
    expect(await says(page, 'Results appear when the creator shows them.')).toBe(0);
    expect(await says(page, 'Everyone sees the results as votes come in')).toBe(1);

    // Chosen again, the setting takes the counts away from the voter, on the same page still.
    await managePage.getByLabel('Change when results appear').selectOption('creator');
    await managePage.getByRole('button', { name: 'Save setting' }).click();
    await expect.poll(() => says(page, 'Results appear when the creator shows them.')).toBe(1);
    expect(await shownFigures(page)).toBe(0);
    expect(await bars(page)).toBe(0);
    expect(await figures(managePage, 'Lisbon')).toBe('1 vote · 50%');
    expect(await stillSamePage(page)).toBe('same page');
    expect(errors).toEqual([]);
    await Promise.all([voter.close(), creator.close()]);
  });

  it('shows the bars right after the vote in a poll that shows results after voting', async () => {
    const poll = await createPollShowingResults({ title: 'Stand-up at nine?', options: ['Yes', 'No'] }, 'after_vote');
    const no = poll.options[1]!;
    await voteThroughApi(server.url, poll.id, no.id);
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    const errors = collectPageErrors(page);

    await page.goto(`${server.url}/polls/${poll.id}`);
    await markPage(page);
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live:/);
    expect(await says(page, 'Results appear after you vote.')).toBe(1);
    expect(await says(page, 'Each voter sees the results after voting')).toBe(1);
    expect(await page.getByText('1 vote so far').count()).toBe(1);
    expect(await shownFigures(page)).toBe(0);

    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => figures(page, 'Yes')).toBe('1 vote · 50%');
    expect(await figures(page, 'No')).toBe('1 vote · 50%');
    expect(await bars(page)).toBe(2);
    expect(await says(page, 'Results appear after you vote.')).toBe(0);

    // The same stream now carries this voter's counts.
    await voteThroughApi(server.url, poll.id, no.id);
    await expect.poll(() => figures(page, 'No')).toBe('2 votes · 67%');
    expect(await figures(page, 'Yes')).toBe('1 vote · 33%');
    expect(await stillSamePage(page)).toBe('same page');
    expect(errors).toEqual([]);
    await voter.close();
  });

  it('creates a poll that shows results after voting through the form', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new`);
    expect(await page.getByLabel('Right away').isChecked()).toBe(true);

    await page.getByLabel('Question').fill('Pizza or pasta on Friday?');
    await page.getByLabel('Answer 1', { exact: true }).fill('Pizza');
    await page.getByLabel('Answer 2', { exact: true }).fill('Pasta');
    await page.getByLabel('After voting').check();
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);

    const id = new URL(page.url()).pathname.split('/').at(-1);
    const answer = await fetch(`${server.url}/api/polls/${id}`).then((response) => response.json());
    expect(answer.poll.results_visibility).toBe('after_vote');
    expect(await says(page, 'Results appear after you vote.')).toBe(1);
    expect(errors).toEqual([]);
    await creator.close();
  });
});
