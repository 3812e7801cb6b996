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
  voterContext,
} from './support';

/** The two settings a poll is created with, as voters and creators meet them in a real browser. */

useServerAndBrowser();

const figures = (page: Page, text: string) =>
  page.locator('ol.results li', { hasText: text }).locator('.result-figures').textContent();

describe.skipIf(!browserAvailable)('poll settings', () => {
  it('counts two browsers behind one address as two voters in a poll of one vote per browser', async () => {
    const poll = await createPoll(server.url, {
      title: 'Coffee or tea in the meeting room?',
      options: ['Coffee', 'Tea'],
      voter_identity: 'browser',
    });
    const sharedWifi = nextVoterIp();
    const first = await voterContext(browser, {}, sharedWifi);
    const second = await voterContext(browser, {}, sharedWifi);
    const firstPage = await first.newPage();
    const secondPage = await second.newPage();
    const errors = [firstPage, secondPage].flatMap((page) => collectPageErrors(page));
    const pollUrl = `${server.url}/polls/${poll.id}`;
    await Promise.all([firstPage.goto(pollUrl), secondPage.goto(pollUrl)]);
    expect(await firstPage.getByText('One vote per browser').count()).toBe(1);

    await firstPage.getByLabel('Coffee').check();
    await firstPage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => firstPage.getByText('Your vote for “Coffee” was counted.').count()).toBe(1);
    await expect.poll(() => firstPage.locator('.live').textContent()).toMatch(/^Live:/);

    await secondPage.getByLabel('Tea').check();
    await secondPage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => secondPage.getByText('Your vote for “Tea” was counted.').count()).toBe(1);
    await expect.poll(() => secondPage.getByText('2 votes in total').count()).toBe(1);
    await expect.poll(() => firstPage.getByText('2 votes in total').count()).toBe(1);
    expect(errors).toEqual([]);
    await Promise.all([first.close(), second.close()]);
  });

  it('takes up to two answers on one ballot and moves both counts', async () => {
    const poll = await createPoll(server.url, {
      title: 'Which days suit you?',
      options: ['Monday', 'Tuesday', 'Wednesday'],
      max_choices: 2,
    });
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}`);
    expect(await page.getByText('One vote per address').count()).toBe(1);

    const choices = page.getByRole('group', { name: 'Choose up to 2' });
    expect(await choices.getByRole('checkbox').count()).toBe(3);
    await expect.poll(() => page.getByRole('button', { name: 'Vote' }).isDisabled()).toBe(true);
    await choices.getByLabel('Monday').check();
    expect(await page.getByRole('button', { name: 'Vote' }).isEnabled()).toBe(true);
    await choices.getByLabel('Wednesday').check();
    expect(await choices.getByLabel('Tuesday').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Vote' }).click();

    await expect.poll(() => page.getByText('Your vote for “Monday” and “Wednesday” was counted.').count()).toBe(1);
    expect(await figures(page, 'Monday')).toBe('1 vote · 100%');
    expect(await figures(page, 'Wednesday')).toBe('1 vote · 100%');
    expect(await figures(page, 'Tuesday')).toBe('0 votes · 0%');
    expect(await page.locator('.mine').count()).toBe(2);
    expect(await page.getByText('Percentages are of voters; each voter may pick up to 2.').count()).toBe(1);

    await page.reload();
    expect(await page.locator('.mine').count()).toBe(2);
    expect(errors).toEqual([]);
    await voter.close();
  });

  it('takes several answers from the form without JavaScript', async () => {
    const poll = await createPoll(server.url, {
      title: 'Which snacks should we order?',
      options: ['Crisps', 'Fruit', 'Nuts'],
      max_choices: 2,
    });
    const voter = await voterContext(browser, { javaScriptEnabled: false });
    const page = await voter.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.getByLabel('Crisps').check();
    await page.getByLabel('Nuts').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.waitForURL(/vote=counted/);
    expect(await page.getByText('Your vote for “Crisps” and “Nuts” was counted.').count()).toBe(1);
    expect(await figures(page, 'Crisps')).toBe('1 vote · 100%');
    expect(await figures(page, 'Nuts')).toBe('1 vote · 100%');
    await voter.close();
  });

  it('creates a poll of one vote per browser and two answers through the form', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new`);
    // The form asks where people vote; the room (one vote per browser) comes first and is chosen.
    expect(await page.getByLabel('In a room or on one network').isChecked()).toBe(true);
    expect(await page.getByLabel('Answers per voter').inputValue()).toBe('1');

    await page.getByLabel('Question').fill('Which talks will you attend?');
    await page.getByLabel('Answer 1', { exact: true }).fill('Keynote');
    await page.getByLabel('Answer 2', { exact: true }).fill('Workshop');
    await page.getByLabel('Answers per voter').fill('3');
    await page.getByRole('button', { name: 'Create poll' }).click();
    await expect
      .poll(() => page.locator('[id="max_choices-error"]').textContent())
      .toBe('Choose a number from 1 to 2.');

    await page.getByLabel('Answers per voter').fill('2');
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').at(-1);
    const answer = await fetch(`${server.url}/api/polls/${id}`).then((response) => response.json());
    expect(answer.poll).toMatchObject({ voter_identity: 'browser', max_choices: 2 });
    expect(await page.getByRole('group', { name: 'Choose up to 2' }).count()).toBe(1);
    expect(await page.getByText('One vote per browser').count()).toBe(1);

    const manageLink = await page.locator('#manage-link').inputValue();
    await page.goto(manageLink);
    const settings = page.locator('.settings');
    await expect
      .poll(() => settings.textContent())
      .toBe('Where people voteIn a room or on one networkAnswers per voterUp to 2 answers');
    expect(errors).toEqual([]);
    await creator.close();
  });
});
