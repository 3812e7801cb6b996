import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voterContext,
} from './support';

/** Joining the way a room does: reading six characters off the projector and typing them on the home page. */

useServerAndBrowser();

describe.skipIf(!browserAvailable)('join with a code', () => {
  it('takes a typed code in any case, with a dash, to the poll; an unknown code to its 404 page', async () => {
    const poll = (await createPoll(server.url, {
      title: 'Which session next?',
      options: ['Keynote', 'Workshop'],
    })) as Awaited<ReturnType<typeof createPoll>> & { code: string };
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);

    await page.goto(server.url);
    const typed = `${poll.code.slice(0, 3).toLowerCase()}-${poll.code.slice(3)}`;
    await page.getByRole('textbox', { name: 'Join with a code' }).fill(typed);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL(`${server.url}/polls/${poll.id}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Which session next?');

    await page.goto(server.url);
    await page.getByRole('textbox', { name: 'Join with a code' }).fill('ZZZZZZ');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL(`${server.url}/j/ZZZZZZ`);
    await expect.poll(() => page.getByRole('heading', { name: 'No poll has the code ZZZZZZ' }).count()).toBe(1);
    await context.close();

    const unknown = await fetch(`${server.url}/j/ZZZZZZ`, { redirect: 'manual' });
    expect(unknown.status).toBe(404);
    const known = await fetch(`${server.url}/j/${poll.code.toLowerCase()}`, { redirect: 'manual' });
    expect([known.status >= 300 && known.status < 400, known.headers.get('location')]).toEqual([
      true,
      `/polls/${poll.id}`,
    ]);
    // The unknown code's 404 is the page's answer, not an error of the page.
    expect(errors.filter((error) => !/404|favicon/.test(error))).toEqual([]);
  });

  it('offers a box to type the code again on an unknown code’s page', async () => {
    const poll = (await createPoll(server.url, {
      title: 'Typed twice?',
      options: ['Yes', 'No'],
    })) as Awaited<ReturnType<typeof createPoll>> & { code: string };
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/j/ZZZZZZ`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('No poll has the code ZZZZZZ');

    const box = page.getByRole('textbox', { name: 'Join code' });
    await box.fill(poll.code.toLowerCase());
    await box.press('Enter');
    await page.waitForURL(`${server.url}/polls/${poll.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Typed twice?');
    await context.close();
  });

  it('says an unknown code in the visitor’s language, and joins from there', async () => {
    const poll = (await createPoll(server.url, {
      title: 'Which room?',
      options: ['A', 'B'],
    })) as Awaited<ReturnType<typeof createPoll>> & { code: string };
    const context = await voterContext(browser, { locale: 'ar-EG' });
    const page = await context.newPage();
    await page.goto(`${server.url}/j/ZZZZZZ`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('لا يوجد استطلاع بالرمز ZZZZZZ');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const box = page.getByRole('textbox', { name: 'رمز الاستطلاع' });
    await box.fill(poll.code);
    await page.getByRole('button', { name: 'انضمام' }).click();
    await page.waitForURL(`${server.url}/polls/${poll.id}`);
    await context.close();
  });
});
