import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browser, browserAvailable, collectPageErrors, server, useServerAndBrowser, voterContext } from './support';

/** "Your polls" on the home page: the polls this browser created, kept by this browser alone. */

useServerAndBrowser();

/** Creates a poll through the new-poll form, as a person does; resolves its id. */
async function createThroughForm(page: Page, title: string, answers: [string, string]): Promise<string> {
  await page.goto(`${server.url}/polls/new`);
  await page.getByLabel('Question').fill(title);
  await page.getByLabel('Answer 1', { exact: true }).fill(answers[0]);
  await page.getByLabel('Answer 2', { exact: true }).fill(answers[1]);
  await page.getByRole('button', { name: 'Create poll' }).click();
  await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

const section = (page: Page) => page.getByRole('region', { name: 'Your polls' });
const tokenOf = (href: string | null, name: 'token' | 'admin') =>
  new URLSearchParams(new URL(href!, 'http://x').hash.slice(1)).get(name);

describe.skipIf(!browserAvailable)('your polls', () => {
  it('lists the polls this browser created with their manage and presenter links, on this browser only', async () => {
    const creator = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    const sent: string[] = [];
    page.on('request', (request) => sent.push(`${request.url()} ${JSON.stringify(request.headers())}`));
    const first = await createThroughForm(page, 'Which day for the retro?', ['Thursday', 'Friday']);
    const second = await createThroughForm(page, 'Standup at 9 or 10?', ['9', '10']);
    await page.goto(server.url);

    await expect.poll(() => section(page).getByRole('listitem').count()).toBe(2);
    const items = section(page).getByRole('listitem');
    expect(await items.getByRole('link', { name: /\?$/ }).allTextContents()).toEqual([
      'Standup at 9 or 10?',
      'Which day for the retro?',
    ]);
    await expect.poll(() => items.nth(1).locator('.meta').textContent()).toMatch(/^Created .+ · Open · 0 votes$/);
    const manage = await page.getByRole('link', { name: 'Manage “Which day for the retro?”' }).getAttribute('href');
    const present = await page.getByRole('link', { name: 'Present “Which day for the retro?”' }).getAttribute('href');
    expect(manage).toMatch(new RegExp(`^/polls/${first}/manage#token=.+`));
    expect(present).toMatch(new RegExp(`^/polls/${first}/present#admin=.+`));
    const token = tokenOf(manage, 'token')!;
    expect(tokenOf(present, 'admin')).toBe(token);
    // The link's token is this poll's admin token.
    const asAdmin = await fetch(`${server.url}/api/polls/${first}`, { headers: { authorization: `Bearer ${token}` } });
    expect(asAdmin.status).toBe(200);
    // The tokens stay in this browser: no address, header or body it sent carries them.
    expect(sent.filter((line) => line.includes(token))).toEqual([]);

    // The presenter link opens the screen with the creator's keys.
    await page.getByRole('link', { name: 'Present “Which day for the retro?”' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Close voting C' }).count()).toBe(1);
    await page.goBack();
    await expect.poll(() => section(page).getByRole('listitem').count()).toBe(2);

    // Another browser, and the page as the server sends it, have no such section.
    const stranger = await voterContext(browser);
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(server.url);
    await strangerPage.getByRole('heading', { name: 'Newest open polls' }).waitFor();
    expect(await strangerPage.getByRole('heading', { name: 'Your polls' }).count()).toBe(0);
    // The section's heading, not its words: every page carries the words client components may need.
    expect(await (await fetch(server.url)).text()).not.toContain('id="your-polls-heading"');
    expect(second).not.toBe(first);
    expect(errors).toEqual([]);
    await Promise.all([creator.close(), stranger.close()]);
  });

  it('forgets a poll with the keyboard, offers to undo it, and drops the section once empty', async () => {
    const creator = await voterContext(browser, { viewport: { width: 375, height: 800 } });
    const page = await creator.newPage();
    await createThroughForm(page, 'Lunch at noon?', ['Yes', 'No']);
    await page.goto(server.url);
    const forget = page.getByRole('button', { name: 'Forget “Lunch at noon?”' });
    await forget.waitFor();

    await forget.focus();
    await page.keyboard.press('Enter');
    const status = section(page).getByRole('status');
    await expect.poll(() => status.textContent()).toMatch(/^Forgot “Lunch at noon\?” in this browser/);
    expect(await section(page).getByRole('listitem').count()).toBe(0);
    // Focus moved to the way back, not lost on the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Undo');
    await page.keyboard.press('Enter');
    await expect.poll(() => section(page).getByRole('listitem').count()).toBe(1);
    await page.reload();
    await forget.waitFor();

    await forget.click();
    await page.reload();
    await page.getByRole('heading', { name: 'Newest open polls' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Your polls' }).count()).toBe(0);
    await creator.close();
  });

  it('says a deleted poll is gone, without links that would fail', async () => {
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const id = await createThroughForm(page, 'Offsite in May?', ['Yes', 'No']);
    await page.goto(server.url);
    const manage = page.getByRole('link', { name: 'Manage “Offsite in May?”' });
    const token = tokenOf(await manage.getAttribute('href'), 'token');
    const deleted = await fetch(`${server.url}/api/polls/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);

    await page.reload();
    const item = section(page).getByRole('listitem');
    await expect.poll(() => item.locator('.meta').textContent()).toMatch(/ · Deleted$/);
    expect(await item.getByRole('link').count()).toBe(0);
    await item.getByRole('button', { name: 'Forget “Offsite in May?”' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await creator.close();
  });

  it('speaks the visitor’s language, the question as it was written', async () => {
    const creator = await voterContext(browser, { viewport: { width: 375, height: 800 } });
    const page = await creator.newPage();
    await createThroughForm(page, 'ما رأيك؟ Pizza', ['Yes', 'No']);

    await page.goto(`${server.url}/?lang=de`);
    const german = page.getByRole('region', { name: 'Ihre Umfragen' });
    await expect.poll(() => german.locator('.meta').textContent()).toMatch(/^Erstellt am .+ · Offen · 0 Stimmen$/);
    expect(await german.getByRole('link', { name: 'Verwalten „ما رأيك؟ Pizza“' }).count()).toBe(1);
    await german.getByRole('button', { name: 'Vergessen „ما رأيك؟ Pizza“' }).click();
    await expect
      .poll(() => german.getByRole('status').textContent())
      .toMatch(/^„ما رأيك؟ Pizza“ samt Verwaltungslink in diesem Browser vergessen\./);
    await german.getByRole('button', { name: 'Rückgängig' }).click();

    await page.goto(`${server.url}/?lang=ar`);
    const arabic = page.getByRole('region', { name: 'استطلاعاتك' });
    await expect.poll(() => arabic.locator('.meta').textContent()).toMatch(/ · مفتوح · لا أصوات$/);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.your-poll')!).direction)).toBe('rtl');
    // The question keeps its own direction inside the Arabic sentence.
    expect(await arabic.locator('.your-poll-title bdi').textContent()).toBe('ما رأيك؟ Pizza');
    await creator.close();
  });

  it('lists the events this browser created and duplicated, marked as events, with their links', async () => {
    const creator = await voterContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/events/new`);
    await page.getByLabel('Event title').fill('Sprint review');
    const first = page.getByRole('group', { name: 'Question 1' });
    await first.getByLabel('Question', { exact: true }).fill('Ship on Friday?');
    await first.getByLabel('Option 1').fill('Yes');
    await first.getByLabel('Option 2').fill('No');
    await page.getByRole('button', { name: 'Create the event' }).click();
    await page.getByRole('heading', { name: 'Your event is ready' }).waitFor();
    const manageUrl = await page.getByLabel('Private manage link').inputValue();
    const eventId = /\/events\/([0-9a-f-]{36})\//.exec(manageUrl)![1]!;

    await page.goto(server.url);
    const item = section(page).getByRole('listitem');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.locator('.your-poll-kind').textContent()).toBe('Event');
    expect(await item.getByRole('link', { name: 'Sprint review', exact: true }).getAttribute('href')).toBe(
      `/events/${eventId}`,
    );
    await expect.poll(() => item.locator('.meta').textContent()).toMatch(/^Created .+ · 1 question · Running$/);
    const manage = await item.getByRole('link', { name: 'Manage “Sprint review”' }).getAttribute('href');
    const present = await item.getByRole('link', { name: 'Present “Sprint review”' }).getAttribute('href');
    expect(manage).toMatch(new RegExp(`^/events/${eventId}/manage#token=.+`));
    expect(present).toMatch(new RegExp(`^/events/${eventId}/present#admin=.+`));
    expect(tokenOf(present, 'admin')).toBe(tokenOf(manage, 'token'));
    expect(decodeURIComponent(manageUrl.split('#token=')[1]!)).toBe(tokenOf(manage, 'token'));

    // A copy made from the manage page is this browser's too, newest first.
    await item.getByRole('link', { name: 'Manage “Sprint review”' }).click();
    await page.getByRole('button', { name: 'Duplicate the event' }).click();
    const copyUrl = await page.getByLabel('Private manage link').inputValue();
    const copyId = /\/events\/([0-9a-f-]{36})\//.exec(copyUrl)![1]!;
    expect(copyId).not.toBe(eventId);
    await page.goto(server.url);
    await expect.poll(() => item.count()).toBe(2);
    expect(await item.locator('.your-poll-kind').allTextContents()).toEqual(['Event', 'Event']);
    expect(await item.getByRole('link', { name: 'Sprint review', exact: true }).first().getAttribute('href')).toBe(
      `/events/${copyId}`,
    );

    // The presenter link opens the event's screen with the creator's moves.
    await item.first().getByRole('link', { name: 'Present “Sprint review”' }).click();
    await expect.poll(() => page.locator('.event-place').textContent()).toBe('– / 1');
    await page.getByRole('button', { name: 'End the event' }).waitFor();
    await page.goBack();
    await expect.poll(() => item.first().locator('.meta').textContent()).toMatch(/ · Running$/);

    await item.first().getByRole('button', { name: 'Forget “Sprint review”' }).click();
    await expect.poll(() => section(page).getByRole('status').textContent()).toMatch(/The event itself is unchanged\./);
    expect(errors).toEqual([]);
    await creator.close();
  });
});
