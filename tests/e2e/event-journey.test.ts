import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createEvent,
  server,
  useServerAndBrowser,
  voterContext,
} from './support';

/**
 * An event from the room's side (issue 29): a presenter moves with the keyboard through five
 * questions of three kinds, and three phones that joined once with the code follow by themselves,
 * vote, wait between questions, and see the end. No phone ever reloads.
 */

useServerAndBrowser();

const QUESTIONS = [
  { title: 'Which city for the offsite?', options: ['Lisbon', 'Oslo', 'Tallinn'] },
  { title: 'Rank the snacks', kind: 'ranked', options: ['Mango', 'Apple', 'Banana'] },
  { title: 'One word for this quarter', kind: 'text' },
  { title: 'Coffee or tea?', options: ['Coffee', 'Tea'] },
  { title: 'Same time next year?', options: ['Yes', 'No'] },
];

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const strip = (page: Page) => page.locator('.event-strip').textContent();
const place = (presenter: Page) => presenter.locator('.event-place').textContent();

/** Every phone shows the question, and the line saying where the event is. */
async function phonesShow(phones: Page[], number: number) {
  for (const phone of phones) {
    await expect.poll(() => heading(phone)).toBe(QUESTIONS[number - 1]!.title);
    expect(await strip(phone)).toBe(`Question ${number} of 5`);
  }
}

describe.skipIf(!browserAvailable)('an event', () => {
  it('takes three phones through five questions of three kinds as the presenter moves', async () => {
    const { event, admin_token } = await createEvent(server.url, {
      title: 'Quarterly all-hands',
      questions: QUESTIONS,
    });
    const room = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const presenter = await room.newPage();
    const errors = collectPageErrors(presenter);
    await presenter.goto(`${server.url}/events/${event.id}/present#admin=${admin_token}`);
    expect(await place(presenter)).toBe('– / 5');
    expect(await presenter.locator('.presenter-address').textContent()).toBe(
      `${new URL(server.url).host}/j/${event.code}`,
    );

    const phones: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const phone = await (await voterContext(browser, { viewport: { width: 375, height: 740 } })).newPage();
      errors.push(...collectPageErrors(phone));
      await phone.goto(`${server.url}/j/${event.code}`);
      expect(new URL(phone.url()).pathname).toBe(`/events/${event.id}`);
      expect(await strip(phone)).toBe('Waiting for the next question');
      // Set once: still there at the end means the page never reloaded.
      await phone.evaluate(() => Object.assign(window, { joinedOnce: true }));
      phones.push(phone);
    }

    // 1: a choice question.
    await presenter.keyboard.press('ArrowRight');
    await expect.poll(() => place(presenter)).toBe('1 / 5');
    await phonesShow(phones, 1);
    for (const [i, phone] of phones.entries()) {
      await phone.getByLabel(['Lisbon', 'Oslo', 'Lisbon'][i]!).check();
      await phone.getByRole('button', { name: 'Vote' }).click();
    }
    await expect.poll(() => presenter.locator('.presenter-total').textContent()).toBe('3 votes');

    // 2: a ranked question, reached with PageDown as a clicker sends it.
    await presenter.keyboard.press('PageDown');
    await expect.poll(() => place(presenter)).toBe('2 / 5');
    await phonesShow(phones, 2);
    for (const phone of phones) {
      await phone.getByRole('button', { name: 'Add Mango' }).click();
      await phone.getByRole('button', { name: 'Vote', exact: true }).click();
      await phone.getByText('Your ranking was counted: “Mango”.').waitFor();
    }

    // 3: an open-text question.
    await presenter.keyboard.press('ArrowRight');
    await phonesShow(phones, 3);
    for (const [i, phone] of phones.entries()) {
      await phone.getByRole('textbox').first().fill(['Busy', 'Calm', 'Busy'][i]!);
      await phone.getByRole('button', { name: /^Send answer/ }).click();
    }
    await expect.poll(() => presenter.locator('.presenter-total').textContent()).toBe('3 votes');

    // Back to 2: each phone is read again and knows it already ranked, so no ballot comes back.
    await presenter.keyboard.press('ArrowLeft');
    await phonesShow(phones, 2);
    for (const phone of phones) {
      await expect.poll(() => phone.locator('.your-ranking li').allTextContents()).toEqual(['Mango']);
      expect(await phone.getByRole('button', { name: 'Vote', exact: true }).count()).toBe(0);
    }

    // Before the first question: everyone waits.
    await presenter.keyboard.press('PageUp');
    await presenter.keyboard.press('PageUp');
    await expect.poll(() => place(presenter)).toBe('– / 5');
    for (const phone of phones) await expect.poll(() => strip(phone)).toBe('Waiting for the next question');

    // 4 and 5, four moves on from waiting.
    for (let i = 0; i < 4; i++) await presenter.keyboard.press('ArrowRight');
    await phonesShow(phones, 4);
    for (const phone of phones) {
      await phone.getByLabel('Tea').check();
      await phone.getByRole('button', { name: 'Vote' }).click();
    }
    await expect.poll(() => presenter.locator('.presenter-total').textContent()).toBe('3 votes');
    await presenter.keyboard.press('ArrowRight');
    await phonesShow(phones, 5);
    // Past the last question → does nothing.
    await presenter.keyboard.press('ArrowRight');
    expect(await place(presenter)).toBe('5 / 5');

    await presenter.getByRole('button', { name: 'End the event' }).click();
    for (const phone of phones) {
      await expect.poll(() => strip(phone)).toBe('This event has ended');
      await expect.poll(() => phone.getByRole('button', { name: 'Vote' }).count()).toBe(0);
      expect(await phone.evaluate(() => (window as { joinedOnce?: boolean }).joinedOnce)).toBe(true);
    }
    expect(errors).toEqual([]);
    await room.close();
  });
});
