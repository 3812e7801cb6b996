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

/** What the creator meets in a real browser: the form, the page after creating, and the manage page. */

useServerAndBrowser();

const pollIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) as string;
const apiPoll = (id: string) => fetch(`${server.url}/api/polls/${id}`).then((response) => response.json());

/** Fills the form's question and answers. */
async function fillPoll(page: Page, title: string, answers: [string, string]) {
  await page.getByLabel('Question').fill(title);
  await page.getByLabel('Answer 1', { exact: true }).fill(answers[0]);
  await page.getByLabel('Answer 2', { exact: true }).fill(answers[1]);
}

describe.skipIf(!browserAvailable)('the creator’s pages', () => {
  it('asks where people will vote, the room by default, and keeps a new poll off the home page unless asked', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new`);
    const where = page.getByRole('group', { name: 'Where will people vote?' });
    expect(await where.getByLabel('In a room or on one network').isChecked()).toBe(true);
    expect(await where.getByLabel('Anywhere, one per address').isChecked()).toBe(false);
    expect(await where.getByText('each browser gets one vote', { exact: false }).count()).toBe(1);
    expect(await page.getByLabel('List this poll on the home page').isChecked()).toBe(false);

    await fillPoll(page, 'Quiet poll for the room?', ['Yes', 'No']);
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const quiet = await apiPoll(pollIdOf(page));
    expect(quiet.poll).toMatchObject({ voter_identity: 'browser', listed: false });

    await page.goto(`${server.url}/polls/new`);
    await fillPoll(page, 'Public poll for everyone?', ['Yes', 'No']);
    await page.getByLabel('Anywhere, one per address').check();
    await page.getByLabel('List this poll on the home page').check();
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const shown = await apiPoll(pollIdOf(page));
    expect(shown.poll).toMatchObject({ voter_identity: 'address', listed: true });

    // Another browser's home page: the creator's own lists both under "Your polls".
    const visitor = await voterContext(browser);
    const home = await visitor.newPage();
    await home.goto(server.url);
    expect(await home.getByRole('link', { name: 'Public poll for everyone?' }).count()).toBe(1);
    expect(await home.getByRole('link', { name: 'Quiet poll for the room?' }).count()).toBe(0);
    await visitor.close();
    expect(errors).toEqual([]);
    await creator.close();
  });

  it('shows the join code, its address and a Present button after creating, and on the manage page', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new`);
    await fillPoll(page, 'Which room next?', ['Blue', 'Green']);
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const { poll } = await apiPoll(pollIdOf(page));
    const host = new URL(server.url).host;

    const notice = page.locator('section', { has: page.getByRole('heading', { name: 'Your poll is live' }) });
    await expect.poll(() => notice.getByRole('link', { name: `${host}/j/${poll.code}` }).count()).toBe(1);
    const present = notice.getByRole('link', { name: 'Present' });
    expect(await present.getAttribute('href')).toMatch(new RegExp(`^/polls/${poll.id}/present#admin=.+`));
    const manageLink = await page.locator('#manage-link').inputValue();

    await present.click();
    await page.waitForURL(/\/present#admin=/);
    expect(await page.getByText(poll.code).count()).toBeGreaterThan(0);

    await page.goto(manageLink);
    const join = page.getByRole('region', { name: 'Join code' });
    await expect.poll(() => join.getByRole('link', { name: `${host}/j/${poll.code}` }).count()).toBe(1);
    expect(await join.getByRole('link', { name: 'Present' }).getAttribute('href')).toBe(
      `/polls/${poll.id}/present#admin=${new URL(manageLink).hash.slice('#token='.length)}`,
    );
    // The creator's tools live here, not on the voters' page: the embed code and the QR code.
    expect(await page.getByLabel('Embed code for your website').inputValue()).toContain(`/embed/${poll.id}`);
    expect(await page.locator('.qr svg').count()).toBe(1);
    expect(errors).toEqual([]);
    await creator.close();
  });

  it('checks a manage link before showing any control, and says plainly when it is wrong', async () => {
    const poll = await createPoll(server.url, { title: 'Whose link is this?', options: ['Mine', 'Yours'] });
    const stranger = await voterContext(browser);
    const page = await stranger.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/manage#token=wrong`);
    await expect.poll(() => page.getByText('This manage link is not valid for this poll').count()).toBe(1);
    for (const name of ['Close voting', 'Delete poll…', 'Save setting', 'Save end time', 'Present']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    expect(await page.locator('a[href*="/present"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Duplicate' }).count()).toBe(0);

    await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Close voting' }).count()).toBe(1);
    expect(await page.getByText('This manage link is not valid for this poll').count()).toBe(0);
    expect(errors.filter((error) => !error.includes('401'))).toEqual([]);
    await stranger.close();
  });

  it('edits the question and answers before the first vote, voters see it live, and not after', async () => {
    const poll = await createPoll(server.url, { title: 'Lunch on Friday?', options: ['Pizza', 'Sushi'] });
    const voter = await voterContext(browser);
    const creator = await voterContext(browser);
    const voterPage = await voter.newPage();
    await voterPage.goto(`${server.url}/polls/${poll.id}`);
    await expect.poll(() => voterPage.locator('.live').textContent()).toMatch(/^Live:/);

    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    await page.getByRole('button', { name: 'Edit question and answers' }).click();
    const form = page.getByRole('region', { name: 'Question and answers' });
    expect(await form.getByLabel('Question').inputValue()).toBe('Lunch on Friday?');
    await form.getByLabel('Question').fill('Dinner on Friday?');
    await form.getByLabel('Answer 2', { exact: true }).fill('Curry');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Saved: voters now see the new question and answers.').count()).toBe(1);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dinner on Friday?');

    await expect.poll(() => voterPage.locator('h1').textContent()).toBe('Dinner on Friday?');
    await expect.poll(() => voterPage.locator('.choice').allTextContents()).toEqual(['Pizza', 'Curry']);
    await voterPage.getByLabel('Curry').check();
    await voterPage.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => voterPage.getByText('Your vote for “Curry” was counted.').count()).toBe(1);

    await page.reload();
    await expect
      .poll(() => page.getByText('People have voted, so the question and answers can no longer change').count())
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Edit question and answers' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await Promise.all([voter.close(), creator.close()]);
  });

  it('duplicates a poll into the new-poll form, filled in, to create another', async () => {
    const poll = await createPoll(server.url, {
      title: 'Best talk today?',
      description: 'Pick up to two.',
      options: ['Opening', 'Databases', 'Closing'],
      category: 'Conference',
      max_choices: 2,
      results_visibility: 'after_close',
      voter_identity: 'browser',
      listed: true,
    });
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/manage#token=${poll.admin_token}`);
    await page.getByRole('link', { name: 'Duplicate' }).click();
    await page.waitForURL(/\/polls\/new\?from=/);
    expect(await page.getByLabel('Question').inputValue()).toBe('Best talk today?');
    expect(await page.getByLabel('Description').inputValue()).toBe('Pick up to two.');
    expect(
      await page.locator('[id^="option-"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['Opening', 'Databases', 'Closing']);
    expect(await page.getByLabel('Category').inputValue()).toBe('Conference');
    expect(await page.getByLabel('Answers per voter').inputValue()).toBe('2');
    expect(await page.getByLabel('In a room or on one network').isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /^When voting ends/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('List this poll on the home page').isChecked()).toBe(true);

    await page.getByLabel('Question').fill('Best talk tomorrow?');
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const copy = await apiPoll(pollIdOf(page));
    expect(copy.poll.id).not.toBe(poll.id);
    expect(copy.poll).toMatchObject({
      title: 'Best talk tomorrow?',
      description: 'Pick up to two.',
      category: 'Conference',
      max_choices: 2,
      results_visibility: 'after_close',
      voter_identity: 'browser',
      listed: true,
      total_votes: 0,
    });
    expect(copy.options.map((o: { option_text: string }) => o.option_text)).toEqual([
      'Opening',
      'Databases',
      'Closing',
    ]);
    expect(errors).toEqual([]);
    await creator.close();
  });
});
