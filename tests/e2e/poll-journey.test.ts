import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
} from './support';

/** The whole journey in a real browser: create, share, vote, watch, refuse, manage. */

useServerAndBrowser();

const resultRow = (page: Page, text: string) => page.locator('ol.results li', { hasText: text });

describe.skipIf(!browserAvailable)('creating, voting and watching a poll', () => {
  it('shows each problem next to its field before sending anything', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    await page.goto(`${server.url}/polls/new`);
    await page.getByRole('button', { name: 'Create poll' }).click();

    await expect.poll(() => page.locator('#title-error').textContent()).toBe('Title is required.');
    expect(await page.locator('#title').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('title');
    expect(await page.locator('[id="options.0-error"]').textContent()).toBe('Write this answer, or remove it.');
    await creator.close();
  });

  it('creates a poll through the form and shows the private manage link only once', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new`);
    await page.getByLabel('Question').fill('Best pizza topping?');
    await page.getByLabel('Answer 1', { exact: true }).fill('Mushroom');
    await page.getByLabel('Answer 2', { exact: true }).fill('Olive');
    await page.getByRole('button', { name: '+ Add an answer' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('option-2');
    await page.keyboard.type('Basil');
    await page.getByRole('button', { name: 'Move answer 3 up' }).click();
    await page.getByLabel('Category').fill('Food');
    await page.getByRole('button', { name: 'Create poll' }).click();

    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Your poll is live' }).count()).toBe(1);
    const manageLink = await page.locator('#manage-link').inputValue();
    expect(manageLink).toMatch(/\/polls\/[0-9a-f-]{36}\/manage#token=.+/);
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('.choice').allTextContents()).toEqual(['Mushroom', 'Basil', 'Olive']);
    expect(await page.locator('#share-link').inputValue()).toBe(page.url());
    expect(await page.locator('.qr svg').count()).toBe(1);

    await page.reload();
    expect(await page.getByRole('heading', { name: 'Your poll is live' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await creator.close();
  });

  it('moves the bars on another screen without a reload, and refuses a second vote from the same voter', async () => {
    const poll = await createPoll(server.url, { title: 'Tabs or spaces?', options: ['Tabs', 'Spaces'] });
    const spaces = poll.options[1]!;
    const alice = await voterContext(browser);
    const bob = await voterContext(browser);
    const alicePage = await alice.newPage();
    const aliceSecondTab = await alice.newPage();
    const bobPage = await bob.newPage();
    const errors = [alicePage, aliceSecondTab, bobPage].flatMap((page) => collectPageErrors(page));
    const pollUrl = `${server.url}/polls/${poll.id}`;
    await Promise.all([alicePage.goto(pollUrl), aliceSecondTab.goto(pollUrl), bobPage.goto(pollUrl)]);

    await bobPage.getByLabel('Spaces').check();
    await bobPage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => bobPage.getByText('Your vote for “Spaces” was counted.').count()).toBe(1);
    await expect.poll(() => bobPage.locator('.live').textContent()).toMatch(/^Live:/);
    expect(await resultRow(bobPage, 'Spaces').locator('.result-figures').textContent()).toBe('1 vote · 100%');

    await alicePage.getByLabel('Tabs').check();
    await alicePage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => resultRow(bobPage, 'Tabs').locator('.result-figures').textContent()).toBe('1 vote · 50%');
    expect(await resultRow(bobPage, 'Spaces').locator('.result-figures').textContent()).toBe('1 vote · 50%');
    expect(await bobPage.locator('rect').first().getAttribute('width')).toBe('50%');
    await expect.poll(() => bobPage.getByText('2 votes in total').count()).toBe(1);

    await voteThroughApi(server.url, poll.id, spaces.id);
    await expect
      .poll(() => resultRow(alicePage, 'Spaces').locator('.result-figures').textContent())
      .toBe('2 votes · 67%');

    await aliceSecondTab.getByLabel('Spaces').check();
    await aliceSecondTab.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => aliceSecondTab.getByText('You already voted for “Tabs”.').count()).toBe(1);
    expect(await resultRow(aliceSecondTab, 'Tabs').textContent()).toContain('Your vote');
    expect(errors).toEqual([]);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('closes the poll from the manage link, and open viewers see it close', async () => {
    const poll = await createPoll(server.url, { title: 'Lunch at noon?', options: ['Yes', 'No'] });
    const viewer = await voterContext(browser);
    const creator = await voterContext(browser);
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(`${server.url}/polls/${poll.id}`);
    await expect.poll(() => viewerPage.locator('.live').textContent()).toMatch(/^Live:/);
    expect(await viewerPage.getByRole('button', { name: 'Vote' }).count()).toBe(1);

    const managePage = await creator.newPage();
    const errors = collectPageErrors(managePage);
    await managePage.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    await managePage.getByRole('button', { name: 'Close voting' }).click();
    await expect.poll(() => managePage.getByText('Voting is closed.').count()).toBe(1);

    await expect.poll(() => viewerPage.locator('.status').textContent()).toBe('Closed by its creator');
    expect(await viewerPage.getByRole('button', { name: 'Vote' }).count()).toBe(0);
    expect(await viewerPage.getByText('Voting has ended.').count()).toBe(1);

    await managePage.getByRole('button', { name: 'Reopen voting' }).click();
    await expect.poll(() => viewerPage.locator('.status').textContent()).toBe('Open for votes');

    await managePage.getByRole('button', { name: 'Delete poll…' }).click();
    await managePage.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => managePage.getByText('The poll and all its votes were deleted.').count()).toBe(1);
    await expect.poll(() => viewerPage.getByText('This poll was deleted by its creator.').count()).toBe(1);
    expect(errors).toEqual([]);
    await Promise.all([viewer.close(), creator.close()]);
  });

  it('refuses the manage page without the right token', async () => {
    const poll = await createPoll(server.url, { title: 'Who manages?', options: ['Me', 'You'] });
    const stranger = await voterContext(browser);
    const page = await stranger.newPage();
    await page.goto(`${server.url}/polls/${poll.id}/manage#token=not-the-token`);
    await expect
      .poll(() => page.getByText('This manage link is not valid for this poll.', { exact: false }).count())
      .toBe(1);
    expect(await page.getByRole('main').getByRole('button').count()).toBe(0);
    await page.goto(`${server.url}/polls/${poll.id}/manage`);
    await expect.poll(() => page.getByText('open the private link you got', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Close voting' }).count()).toBe(0);
    await stranger.close();
  });

  it('lists trending and newest polls on the home page, filtered by category', async () => {
    const hot = await createPoll(server.url, {
      title: 'Hottest sauce?',
      options: ['Sriracha', 'Tabasco'],
      category: 'Sauces',
      listed: true,
    });
    await createPoll(server.url, {
      title: 'Mildest cheese?',
      options: ['Brie', 'Gouda'],
      category: 'Cheese',
      listed: true,
    });
    await voteThroughApi(server.url, hot.id, hot.options[0]!.id);
    const visitor = await voterContext(browser);
    const page = await visitor.newPage();
    await page.goto(server.url);

    const trending = page.getByRole('list', { name: 'Trending polls' });
    expect(await trending.getByText('Hottest sauce?').count()).toBe(1);
    expect(await trending.locator('li', { hasText: 'Hottest sauce?' }).locator('.meta').textContent()).toBe(
      '1 vote · No end time',
    );

    await page.getByLabel('Category').fill('cheese');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/category=cheese/);
    const newest = page.getByRole('list', { name: 'Newest open polls' });
    expect(await newest.locator('h3').allTextContents()).toEqual(['Mildest cheese?']);
    await visitor.close();
  });
});
