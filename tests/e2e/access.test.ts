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

/** Everyone can read and vote: keyboard only, no JavaScript, a small phone, hostile poll text. */

useServerAndBrowser();

describe.skipIf(!browserAvailable)('voting for everyone', () => {
  it('votes with the keyboard alone, with a visible focus on every stop', async () => {
    const poll = await createPoll(server.url, { title: 'Keyboard or mouse?', options: ['Keyboard', 'Mouse', 'Touch'] });
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);

    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement | null;
        const style = element ? getComputedStyle(element) : null;
        return { type: element?.type, value: element?.value, outline: style?.outlineStyle, name: element?.textContent };
      });
    let stop = await focused();
    for (let presses = 0; presses < 15 && stop.type !== 'radio'; presses++) {
      await page.keyboard.press('Tab');
      stop = await focused();
    }
    expect(stop).toMatchObject({ type: 'radio', value: poll.options[0]!.id });
    expect(stop.outline).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ type: 'radio', value: poll.options[1]!.id });
    await page.keyboard.press('Tab');
    stop = await focused();
    expect(stop).toMatchObject({ type: 'submit', name: 'Vote' });
    expect(stop.outline).not.toBe('none');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByText('Your vote for “Mouse” was counted.').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Results');
    expect(await page.locator('ol.results li', { hasText: 'Mouse' }).textContent()).toContain('Your vote');
    // The page's one status region said it; the results are no live region, read out at every vote.
    await expect
      .poll(() => page.locator('.live-announcements').textContent())
      .toMatch(/^Your vote for “Mouse” was counted\./);
    expect(await page.locator('[aria-live] ol.results, [role="status"] ol.results').count()).toBe(0);
    await voter.close();
  });

  it('reads and votes with JavaScript turned off', async () => {
    const poll = await createPoll(server.url, { title: 'Scripts on or off?', options: ['On', 'Off'] });
    const voter = await voterContext(browser, { javaScriptEnabled: false });
    const page = await voter.newPage();
    const secondTab = await voter.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await secondTab.goto(`${server.url}/polls/${poll.id}`);

    await page.getByLabel('Off').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.waitForURL(/vote=counted/);
    expect(await page.getByText('Your vote for “Off” was counted.').count()).toBe(1);
    expect(await page.locator('ol.results li', { hasText: 'Off' }).locator('.result-figures').textContent()).toBe(
      '1 vote · 100%',
    );
    expect(await page.locator('ol.results li', { hasText: 'Off' }).locator('rect').getAttribute('width')).toBe('100%');

    await secondTab.getByLabel('On').check();
    await secondTab.getByRole('button', { name: 'Vote' }).click();
    await secondTab.waitForURL(/vote=already_voted/);
    expect(await secondTab.getByText('You already voted for “Off”.').count()).toBe(1);
    await voter.close();
  });

  it('shows a hostile title and answers as plain text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const poll = await createPoll(server.url, {
      title: hostile,
      description: '<script>alert(2)</script>',
      options: ['<b>bold</b>', '"><svg onload=alert(3)>'],
      // Listed, so the home page shows its title too.
      listed: true,
    });
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/polls/${poll.id}`);

    expect(await page.locator('h1').textContent()).toBe(hostile);
    expect(await page.locator('.description').textContent()).toBe('<script>alert(2)</script>');
    expect(await page.locator('.choice').allTextContents()).toEqual(['<b>bold</b>', '"><svg onload=alert(3)>']);
    expect(await page.locator('article img, article b, .choices svg').count()).toBe(0);
    expect(await page.title()).toBe(`${hostile} · pollcast`);
    await page.goto(server.url);
    expect(await page.getByRole('link', { name: hostile }).count()).toBe(1);
    expect(dialogs).toEqual([]);
    await voter.close();
  });

  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const poll = await createPoll(server.url, {
      title: 'A very long question without any spaces: Supercalifragilisticexpialidocious-and-then-some-more-text',
      options: ['An answer long enough to wrap onto a second line on a small phone screen', 'Short'],
      category: 'Phones',
    });
    const phone = await voterContext(browser, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    for (const path of ['/', '/polls/new', `/polls/${poll.id}`, `/polls/${poll.id}/manage#token=${poll.admin_token}`]) {
      await page.goto(`${server.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
    }
    await phone.close();
  });

  it('sends a nonce-based Content-Security-Policy and the usual security headers, and breaks nothing with them', async () => {
    const poll = await createPoll(server.url, { title: 'Headers?', options: ['Yes', 'No'] });
    const voter = await voterContext(browser);
    const page = await voter.newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(`${server.url}/polls/${poll.id}`);
    const headers = response!.headers();

    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-frame-options']).toBe('DENY');

    await page.getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live:/);
    expect(errors).toEqual([]);
    await voter.close();
  });

  it('answers an unknown poll with a helpful 404 page', async () => {
    const visitor = await voterContext(browser);
    const page = await visitor.newPage();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-poll']) {
      const response = await page.goto(`${server.url}/polls/${id}`);
      expect(response!.status()).toBe(404);
      // Next may stream the not-found content in after the status line: wait for it as a reader would.
      const heading = page.getByRole('heading', { name: 'We could not find that poll' });
      await heading.waitFor({ state: 'visible', timeout: 10_000 });
      expect(await heading.count()).toBe(1);
      expect(await page.getByRole('link', { name: 'See open polls' }).count()).toBe(1);
    }
    // In the visitor's language, from the words the page names.
    await page.goto(`${server.url}/polls/no-such-poll?lang=fr`);
    const french = page.getByRole('heading', { name: 'Nous n’avons pas trouvé ce sondage' });
    await french.waitFor({ state: 'visible', timeout: 10_000 });
    // An address no page has: Next renders the not-found page on the server, so it reads without scripts.
    const unmatched = await (await fetch(`${server.url}/no-such-page`)).text();
    expect(unmatched).toContain('We could not find that poll');
    await page.goto(`${server.url}/no-such-page`);
    expect(await page.getByRole('heading', { name: 'We could not find that poll' }).count()).toBe(1);
    // An unknown poll's embed says so in one line, inside the frame, without the site's header.
    const embed = await page.goto(`${server.url}/embed/00000000-0000-4000-8000-000000000000`);
    expect(embed!.status()).toBe(404);
    const line = page.getByText('This poll does not exist, or its creator deleted it.');
    await line.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('header').count()).toBe(0);
    await visitor.close();
  });
});
