import type { Locator, Page } from 'playwright-core';
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

/** A poll's page as a voter meets it in a real browser: its answers, its results, its state and its share panel. */

useServerAndBrowser();

const LONG_ANSWER =
  'A very long answer about sourdough pizza with extra basil, garlic and slow-roasted tomatoes from the market';

type Box = { top: number; bottom: number; left: number; right: number };
/** Where an answer's control sits, its label's text, and each line of that text: its box and the index it starts at. */
type Geometry = { control: Box; text: string; lines: (Box & { start: number })[] };

/**
 * Read from the text's own character boxes (a Range per character), so a word the browser broke
 * shows up as a line that starts inside it.
 */
function geometryOf(control: Locator): Promise<Geometry> {
  return control.evaluate((input) => {
    const label = input.closest('label');
    if (!label) throw new Error('the control has no label around it');
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    const lines: (Box & { start: number })[] = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const content = node.textContent ?? '';
      for (let i = 0; i < content.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = [...range.getClientRects()].find((rect) => rect.width > 0);
        const index = text.length + i;
        if (!box) continue; // a space collapsed at the end of a line
        const last = lines.at(-1);
        if (last && box.top < last.bottom - 2) {
          last.right = Math.max(last.right, box.right);
        } else {
          lines.push({ top: box.top, bottom: box.bottom, left: box.left, right: box.right, start: index });
        }
      }
      text += content;
    }
    const { top, bottom, left, right } = input.getBoundingClientRect();
    return { control: { top, bottom, left, right }, text, lines };
  });
}

/** Each answer: its control and its first line on one row, its text just right of it, lines breaking only between words. */
async function expectTidyAnswers(page: Page, role: 'checkbox' | 'radio', texts: string[]): Promise<void> {
  for (const answer of texts) {
    const { control, text, lines } = await geometryOf(page.getByRole(role, { name: answer }));
    expect(text, 'the label holds the answer').toBe(answer);
    const shown = lines.map((line, i) => text.slice(line.start, lines[i + 1]?.start).trim()).join(' / ');
    // No line starts inside a word: the character before each line's start is a space or a hyphen.
    for (const line of lines.slice(1)) expect(text[line.start - 1], `a line break in “${shown}”`).toMatch(/[\s-]/);
    const first = lines[0]!;
    const middle = (box: Box) => (box.top + box.bottom) / 2;
    expect(Math.abs(middle(first) - middle(control)), `“${answer}” beside its ${role}`).toBeLessThan(
      (first.bottom - first.top) / 2,
    );
    expect(first.left - control.right, `the gap between the ${role} and “${answer}”`).toBeGreaterThan(0);
    expect(first.left - control.right, `the gap between the ${role} and “${answer}”`).toBeLessThan(24);
    for (const line of lines) expect(Math.round(line.left), `“${answer}” left-aligned`).toBe(Math.round(first.left));
  }
}

describe.skipIf(!browserAvailable)('the voter’s poll page', () => {
  it('lays out each answer as its control with its text beside it, on wide and narrow screens', async () => {
    const texts = ['Ramen', 'Tacos', LONG_ANSWER];
    const several = await createPoll(server.url, { title: 'What should we order?', options: texts, max_choices: 2 });
    const one = await createPoll(server.url, { title: 'One thing to order?', options: texts });
    for (const width of [1280, 375]) {
      const context = await voterContext(browser, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const [path, role] of [
        [`/polls/${several.id}`, 'checkbox'],
        [`/polls/${one.id}`, 'radio'],
        [`/embed/${several.id}`, 'checkbox'],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        await expectTidyAnswers(page, role, texts);
      }
      // The long answer really wraps at 375 px, so the check above looked at its line breaks.
      const longLines = (await geometryOf(page.getByRole('checkbox', { name: LONG_ANSWER }))).lines.length;
      expect(longLines > 1).toBe(width === 375);
      await context.close();
    }
  });

  it('shows the live results beside the ballot where the poll shows them to everyone', async () => {
    const poll = await createPoll(server.url, {
      title: 'Which editor?',
      options: ['Vim', 'Emacs', 'Nano'],
      results_visibility: 'always',
    });
    const [vim, emacs] = poll.options;
    for (const option of [vim, vim, emacs, vim]) await voteThroughApi(server.url, poll.id, option!.id);
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const figures = (text: string) =>
      page.locator('ol.results li', { hasText: text }).locator('.result-figures').textContent();

    await page.goto(`${server.url}/polls/${poll.id}`);
    // Not voted yet: the ballot and the results, both.
    expect(await page.getByRole('button', { name: 'Vote' }).count()).toBe(1);
    expect(await figures('Vim')).toBe('3 votes · 75%');
    expect(await figures('Emacs')).toBe('1 vote · 25%');
    expect(await figures('Nano')).toBe('0 votes · 0%');
    expect(await page.locator('svg.bar').count()).toBe(3);
    await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live\b/);

    // They move with votes cast elsewhere, before this visitor votes.
    await voteThroughApi(server.url, poll.id, emacs!.id);
    await expect.poll(() => figures('Emacs')).toBe('2 votes · 40%');
    expect(await figures('Vim')).toBe('3 votes · 60%');
    expect(await page.getByRole('button', { name: 'Vote' }).count()).toBe(1);

    await page.getByLabel('Nano').check();
    await page.getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => figures('Nano')).toBe('1 vote · 17%');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hides the results from a visitor who has not voted only where the poll hides them', async () => {
    for (const visibility of ['after_vote', 'after_close', 'creator'] as const) {
      const poll = await createPoll(server.url, {
        title: `Hidden ${visibility}?`,
        options: ['Yes', 'No'],
        results_visibility: visibility,
      });
      await voteThroughApi(server.url, poll.id, poll.options[0]!.id);
      const context = await voterContext(browser);
      const page = await context.newPage();
      await page.goto(`${server.url}/polls/${poll.id}`);
      await expect.poll(() => page.locator('.live').textContent()).toMatch(/^Live\b/);
      expect(await page.getByText('1 vote so far').count(), visibility).toBe(1);
      expect(await page.locator('.result-figures').count(), visibility).toBe(0);
      expect(await page.locator('svg.bar').count(), visibility).toBe(0);
      await context.close();
    }
  });

  it('says a closed poll is closed, and never that it ends later or updates live', async () => {
    const expiresAt = new Date(Date.now() + 25 * 3_600_000).toISOString();
    const poll = await createPoll(server.url, {
      title: 'Closed early?',
      options: ['Yes', 'No'],
      expires_at: expiresAt,
    });
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await expect.poll(() => page.locator('.live').textContent()).toBe('Live: results update as votes come in');
    expect(await page.getByText(/^Ends in 1 d/).count()).toBe(1);

    const closing = await fetch(`${server.url}/api/polls/${poll.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${poll.admin_token}` },
      body: JSON.stringify({ is_active: false }),
    });
    expect(closing.status).toBe(200);
    // The open page learns it live; a fresh page is told from the start.
    await expect.poll(() => page.getByText('Voting has ended.', { exact: false }).count()).toBe(1);
    for (const shown of [page, await context.newPage()]) {
      if (shown !== page) await shown.goto(`${server.url}/polls/${poll.id}`);
      await expect.poll(() => shown.getByText('Closed by its creator').count()).toBe(1);
      expect(await shown.getByText(/Ends in/).count()).toBe(0);
      expect(await shown.getByText(/Live/).count()).toBe(0);
      expect(await shown.getByText('Open for votes').count()).toBe(0);
    }
    await context.close();
  });

  it('says when a poll ended at its end time', async () => {
    const ending = Date.now() + 3_000;
    const poll = await createPoll(server.url, {
      title: 'Ends soon?',
      options: ['Yes', 'No'],
      expires_at: new Date(ending).toISOString(),
    });
    await expect
      .poll(async () => {
        const answer = (await (await fetch(`${server.url}/api/polls/${poll.id}`)).json()) as {
          poll: { is_active: boolean };
        };
        return answer.poll.is_active;
      })
      .toBe(false);
    const context = await voterContext(browser, { locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    // In the page's language (English) and the browser's time zone.
    const when = new Intl.DateTimeFormat('en', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'UTC',
    }).format(new Date(ending));
    await expect.poll(() => page.locator('p.row').first().textContent()).toBe(`Closed·Ended ${when}`);
    expect(await page.getByText(/Ends in|Live/).count()).toBe(0);
    await context.close();
  });

  it('gives voters the link and a captioned QR code they can enlarge, and no creator’s tools', async () => {
    const poll = await createPoll(server.url, { title: 'Share me?', options: ['Yes', 'No'] });
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}`);

    expect(await page.getByLabel('Link for voters').inputValue()).toBe(`${server.url}/polls/${poll.id}`);
    expect(await page.getByText(/embed/i).count()).toBe(0);
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await page.content()).not.toContain('&lt;iframe');

    const qr = page.getByRole('figure', { name: 'Scan to open this poll on a phone' });
    expect(await qr.count()).toBe(1);
    const enlarge = qr.getByRole('button', { name: 'Enlarge the QR code' });
    const large = page.getByRole('img', { name: 'QR code of the link to this poll, enlarged' });
    expect(await large.isVisible()).toBe(false);

    // With the mouse: a click opens it, Escape closes it.
    await enlarge.click();
    await expect.poll(() => large.isVisible()).toBe(true);
    const side = await large.evaluate((element) => element.getBoundingClientRect().width);
    expect(side).toBeGreaterThan(300);
    await page.keyboard.press('Escape');
    await expect.poll(() => large.isVisible()).toBe(false);

    // With the keyboard alone: focus, Enter, then its own close button.
    await enlarge.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => large.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Close the large QR code' }).click();
    await expect.poll(() => large.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('links the API reference from every page’s footer, its method badges not underlined', async () => {
    const context = await voterContext(browser);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('contentinfo').getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL(`${server.url}/docs/api`);
    const link = page.getByRole('navigation', { name: 'Endpoints' }).getByRole('link').first();
    // The link is underlined, so it stands out from its summary without colour; the badge is an
    // inline block, which an underline of its link never runs under.
    expect(await link.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('underline');
    expect(await link.locator('.api-method').evaluate((element) => getComputedStyle(element).display)).toBe(
      'inline-block',
    );
    await context.close();
  });
});
