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

/**
 * The creator's pages in German and in Arabic (right to left), in a real browser: the new-poll
 * form, its errors (the form's own, and the API's worded by code), and the manage page.
 */

useServerAndBrowser();

const PHONE = { viewport: { width: 375, height: 812 } };

/** True when the page is no wider than the window: nothing pushed out sideways. */
const fitsTheWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.skipIf(!browserAvailable)('the creator’s pages in other languages', () => {
  it('shows the new-poll form in German, with its problems in German', async () => {
    const creator = await voterContext(browser, PHONE);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new?lang=de`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toBe('Neue Umfrage · pollcast');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Neue Umfrage');
    const where = page.getByRole('group', { name: 'Wo wird abgestimmt?' });
    expect(await where.getByLabel('In einem Raum oder Netzwerk').isChecked()).toBe(true);
    expect(await page.getByLabel('Antworten pro Person').inputValue()).toBe('1');

    await page.getByRole('button', { name: 'Umfrage erstellen' }).click();
    await expect.poll(() => page.locator('#title-error').textContent()).toBe('Bitte geben Sie Ihre Frage ein.');
    expect(await page.locator('[id="options.0-error"]').textContent()).toBe(
      'Geben Sie diese Antwort ein oder entfernen Sie sie.',
    );
    await page.getByLabel('Frage', { exact: true }).fill('Wohin geht der Ausflug?');
    await page.getByLabel('Antwort 1', { exact: true }).fill('Berg');
    await page.getByLabel('Antwort 2', { exact: true }).fill('berg');
    await page.getByRole('button', { name: 'Umfrage erstellen' }).click();
    await expect
      .poll(() => page.locator('[id="options-error"]').textContent())
      .toBe('Die Antworten 1 und 2 lauten gleich: Formulieren Sie jede anders.');
    expect(await fitsTheWidth(page)).toBe(true);
    expect(errors).toEqual([]);
    await creator.close();
  });

  it('says in German that the API refused an edit, by the refusal’s code', async () => {
    const poll = await createPoll(server.url, { title: 'Mittagessen?', options: ['Suppe', 'Salat'] });
    const creator = await voterContext(browser);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/manage?lang=de#token=${poll.admin_token}`);
    await page.getByRole('button', { name: 'Frage und Antworten bearbeiten' }).click();
    const form = page.getByRole('region', { name: 'Frage und Antworten' });
    await form.getByLabel('Frage').fill('Abendessen?');
    // A vote arrives while the form is open: the API now refuses new texts (409, poll_has_votes).
    await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
    await form.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe(
        'Inzwischen wurde abgestimmt, daher lassen sich Frage und Antworten nicht mehr ändern. Duplizieren Sie die Umfrage, um neu zu fragen.',
      );
    expect(errors.filter((error) => !error.includes('409'))).toEqual([]);
    await creator.close();
  });

  it('shows the manage page in German, its settings and a new end time in German', async () => {
    const poll = await createPoll(server.url, { title: 'Welche Tage?', options: ['Mo', 'Di', 'Mi'], max_choices: 2 });
    const creator = await voterContext(browser, { ...PHONE, timezoneId: 'Europe/Berlin' });
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}/manage?lang=de#token=${poll.admin_token}`);
    expect(await page.title()).toBe('Umfrage verwalten · pollcast');
    await page.getByRole('button', { name: 'Abstimmung schließen' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Beitrittscode' }).count()).toBe(1);
    await expect
      .poll(() => page.locator('.settings').textContent())
      .toBe('Wo abgestimmt wirdÜberall, eine pro AdresseAntworten pro PersonBis zu 2 Antworten');

    const year = new Date().getFullYear() + 1;
    await page.getByLabel('Ende der Abstimmung').fill(`${year}-12-24T18:30`);
    await page.getByRole('button', { name: 'Endzeit speichern' }).click();
    await expect
      .poll(() => page.getByText('Die Umfrage endet jetzt am', { exact: false }).textContent())
      .toBe(`Die Umfrage endet jetzt am 24. Dezember ${year} um 18:30.`);
    expect(await fitsTheWidth(page)).toBe(true);
    expect(errors).toEqual([]);
    await creator.close();
  });

  it('shows the form and the manage page in Arabic, right to left', async () => {
    const creator = await voterContext(browser, PHONE);
    const page = await creator.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/new?lang=ar`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('استطلاع جديد');
    await page.getByLabel('السؤال', { exact: true }).fill('Which room?');
    await page.getByLabel('الإجابة 1', { exact: true }).fill('غرفة زرقاء');
    await page.getByLabel('الإجابة 2', { exact: true }).fill('Green room');
    expect(await fitsTheWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'إنشاء الاستطلاع' }).click();
    await page.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const manageLink = new URL(await page.locator('#manage-link').inputValue());

    await page.goto(`${server.url}${manageLink.pathname}?lang=ar${manageLink.hash}`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'إغلاق التصويت' }).waitFor();
    expect(await page.getByRole('heading', { name: 'التصويت مفتوح' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'حذف الاستطلاع' }).count()).toBe(1);
    // The poll's own text keeps its direction inside the Arabic page.
    expect(await page.locator('h1 bdi').getAttribute('dir')).toBe('auto');
    expect(await page.locator('h1').textContent()).toBe('Which room?');
    expect(await fitsTheWidth(page)).toBe(true);
    expect(errors).toEqual([]);
    await creator.close();
  });
});
