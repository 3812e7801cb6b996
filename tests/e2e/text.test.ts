import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  castThroughApi,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voterContext,
} from './support';

/**
 * Open-text polls in a real browser: the form, the ballot with and without JavaScript, the word
 * cloud and its list growing live, the creator hiding and showing answers, and an answer that is
 * markup shown as text.
 */

useServerAndBrowser();

const XSS = '<img src=x onerror=alert(1)>';

const pollIdOf = (page: Page) => new URL(page.url()).pathname.split('/').at(-1) as string;

const createTextPoll = (body: Omit<Parameters<typeof createPoll>[1], 'kind'>) =>
  createPoll(server.url, { ...body, kind: 'text' });
const answerThroughApi = (pollId: string, answers: string[]) => castThroughApi(server.url, pollId, { answers });

/** The answers of the results' list as "text: count" lines, as a reader gets them. */
function listed(page: Page): Promise<string[]> {
  return page
    .locator('.text-list .answer-list li')
    .evaluateAll((items) =>
      items.map(
        (item) =>
          `${item.querySelector('.answer-text')?.textContent}: ${item.querySelector('.answer-count')?.textContent}`,
      ),
    );
}

/** The words the cloud draws (each <text>'s own text, without its tooltip). */
function clouded(page: Page): Promise<string[]> {
  return page.locator('.word-cloud text').evaluateAll((texts) =>
    texts.map((text) =>
      [...text.childNodes]
        .filter((n) => n.nodeType === 3)
        .map((n) => n.textContent)
        .join(''),
    ),
  );
}

/** Waits until the page's list of answers reads `expected`, in order. */
async function untilListed(page: Page, expected: string[]) {
  await expect.poll(() => listed(page)).toEqual(expected);
}

describe.skipIf(!browserAvailable)('open-text polls', () => {
  it('is created through the form, answered from two browsers, and grows live on a third page', async () => {
    const creator = await voterContext(browser);
    const form = await creator.newPage();
    const errors = collectPageErrors(form);
    await form.goto(`${server.url}/polls/new`);
    await form.getByLabel('Question').fill('What should we eat at the offsite?');
    await form.getByLabel('Open answers').check();
    expect(await form.getByRole('group', { name: 'Answers' }).count()).toBe(0);
    await form.getByLabel('Answers per voter').fill('2');
    await form.getByLabel('Hold back profanity').check();
    await form.getByRole('button', { name: 'Create poll' }).click();
    await form.waitForURL(/\/polls\/[0-9a-f-]{36}$/);
    const pollId = pollIdOf(form);
    const created = await (await fetch(`${server.url}/api/polls/${pollId}`)).json();
    expect(created.poll).toMatchObject({ kind: 'text', max_choices: 2, filter_profanity: true });
    expect(created.options).toEqual([]);

    // A third page watches before anyone answers.
    const watcher = await (await voterContext(browser)).newPage();
    errors.push(...collectPageErrors(watcher));
    const dialogs: string[] = [];
    watcher.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await watcher.goto(`${server.url}/polls/${pollId}`);
    expect(await watcher.getByText('No answers yet').count()).toBe(1);

    const first = await (await voterContext(browser)).newPage();
    errors.push(...collectPageErrors(first));
    await first.goto(`${server.url}/polls/${pollId}`);
    await first.getByText('0 / 40 characters').first().waitFor(); // the script runs: the counts are live
    await first.getByLabel('Answer 1').fill('Pizza');
    expect(await first.getByText('5 / 40 characters').count()).toBe(1);
    await first.getByLabel('Answer 2').fill('Sushi!');
    await first.getByRole('button', { name: 'Send answers' }).click();
    await first.getByText(/Your answers “.?Pizza.?” and “.?Sushi!.?” were counted\./).waitFor();
    await untilListed(watcher, ['Pizza: 1 vote', 'Sushi!: 1 vote']);

    const second = await (await voterContext(browser)).newPage();
    errors.push(...collectPageErrors(second));
    await second.goto(`${server.url}/polls/${pollId}`);
    await second.getByText('0 / 40 characters').first().waitFor();
    await second.getByLabel('Answer 1').fill('  pizza ');
    await second.getByLabel('Answer 2').fill(XSS);
    await second.getByRole('button', { name: 'Send answers' }).click();
    await second.getByText(/were counted/).waitFor();

    // The watcher's cloud and list grew without a reload; the markup is text, and ran nothing.
    await untilListed(watcher, ['Pizza: 2 votes', 'Sushi!: 1 vote', `${XSS}: 1 vote`]);
    await expect.poll(() => clouded(watcher)).toEqual(expect.arrayContaining(['Pizza', 'Sushi!', XSS]));
    expect(await watcher.locator('main img, .word-cloud foreignObject').count()).toBe(0);
    expect(await first.locator('.answer-list').getByText(XSS).count()).toBe(1);
    expect(dialogs).toEqual([]);
    // The most given is drawn largest.
    const sizes = await watcher
      .locator('.word-cloud text')
      .evaluateAll((texts) =>
        Object.fromEntries(texts.map((text) => [text.lastChild?.textContent, text.getBoundingClientRect().height])),
      );
    expect(sizes.Pizza).toBeGreaterThan(sizes['Sushi!']!);

    expect(errors).toEqual([]);
    await Promise.all([creator.close(), watcher.context().close(), first.context().close(), second.context().close()]);
  });

  it('says what is wrong at each field before sending, and keeps an answer to 40 characters', async () => {
    const poll = await createTextPoll({ title: 'Three words for this team?', max_choices: 3 });
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.getByText('0 / 40 characters').first().waitFor();

    await page.getByRole('button', { name: 'Send answers' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Write an answer first.' }).count()).toBe(1);

    await page.getByLabel('Answer 1').fill('Kind');
    await page.getByLabel('Answer 2').fill('KIND!');
    await page.getByLabel('Answer 3').fill('x'.repeat(60));
    expect((await page.getByLabel('Answer 3').inputValue()).length).toBe(40);
    expect(await page.getByText('40 / 40 characters').count()).toBe(1);
    await page.getByRole('button', { name: 'Send answers' }).click();
    const problem = 'This reads the same as answer 1: write a different answer, or leave it empty.';
    expect(await page.getByText(problem).count()).toBe(1);
    // The field with the problem has the focus, and names its problem.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await page.getByLabel('Answer 2').getAttribute('aria-describedby')).toContain('error');
    const total = await (await fetch(`${server.url}/api/polls/${poll.id}`)).json();
    expect(total.poll.total_votes).toBe(0);

    await page.getByLabel('Answer 2').fill('Curious');
    expect(await page.getByText(problem).count()).toBe(0);
    await page.getByRole('button', { name: 'Send answers' }).click();
    await page.getByText(/were counted/).waitFor();
    expect(await page.locator('.your-ranking li').allTextContents()).toEqual(['Kind', 'Curious', 'x'.repeat(40)]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts characters and says what is wrong in Arabic, right to left', async () => {
    const poll = await createTextPoll({ title: 'كلمتان عن الفريق؟', max_choices: 2 });
    const context = await voterContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/polls/${poll.id}?lang=ar`);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText('0 من 40 حرفًا').first().waitFor(); // the script runs: the counts are live

    await page.getByRole('button', { name: 'إرسال الإجابتين' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'اكتب إجابة أولًا.' }).count()).toBe(1);

    await page.getByLabel('الإجابة 1', { exact: true }).fill('تعاون');
    expect(await page.getByText('5 من 40 حرفًا').count()).toBe(1);
    await page.getByLabel('الإجابة 2', { exact: true }).fill('تعاون!');
    await page.getByRole('button', { name: 'إرسال الإجابتين' }).click();
    const problem = 'هذه الإجابة مطابقة للإجابة 1: اكتب إجابة مختلفة أو اترك الحقل فارغًا.';
    expect(await page.getByText(problem).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');

    // Near the limit the field's live region says how many characters are left, with Arabic plurals.
    const second = page.getByLabel('الإجابة 2', { exact: true });
    const left = page.locator('.answer-field').nth(1).locator('[role="status"]');
    await second.fill('ث'.repeat(36));
    expect(await left.textContent()).toBe('بقيت 4 أحرف');
    await second.fill('ث'.repeat(39));
    expect(await left.textContent()).toBe('بقي حرف واحد');
    await second.fill('ث'.repeat(40));
    expect(await left.textContent()).toBe('لم يبقَ أي حرف');
    expect(await page.getByText(problem).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes answers from the form without JavaScript', async () => {
    const poll = await createTextPoll({ title: 'One word, no script?' });
    const context = await voterContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    expect(await page.getByText('Up to 40 characters', { exact: true }).count()).toBe(1);
    await page.getByLabel('Your answer', { exact: true }).fill('Quiet');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.waitForURL(/vote=counted/);
    expect(await page.getByText(/Your answer “.?Quiet.?” was counted\./).count()).toBe(1);
    expect(await listed(page)).toEqual(['Quiet: 1 vote']);
    // The cloud is drawn by the server too.
    expect(await clouded(page)).toEqual(['Quiet']);
    const shown = await (await fetch(`${server.url}/api/polls/${poll.id}`)).json();
    expect(shown.results.answers).toEqual([{ text: 'Quiet', count: 1 }]);
    await context.close();
  });

  it('leaves every screen live when the creator hides an answer, and comes back when shown', async () => {
    const poll = await createTextPoll({ title: 'Best fruit?', filter_profanity: true });
    for (const answers of [['Mango'], ['mango'], ['Durian'], ['Kiwi'], ['fuck this']]) {
      await answerThroughApi(poll.id, answers);
    }
    const voter = await (await voterContext(browser)).newPage();
    const errors = collectPageErrors(voter);
    await voter.goto(`${server.url}/polls/${poll.id}`);
    await untilListed(voter, ['Mango: 2 votes', 'Durian: 1 vote', 'Kiwi: 1 vote']);
    const presenter = await (await voterContext(browser, { viewport: { width: 1280, height: 720 } })).newPage();
    errors.push(...collectPageErrors(presenter));
    await presenter.goto(`${server.url}/polls/${poll.id}/present`);
    expect(await clouded(presenter)).toEqual(['Mango', 'Durian', 'Kiwi']);
    const embed = await (await voterContext(browser)).newPage();
    await embed.goto(`${server.url}/embed/${poll.id}`);
    expect(await clouded(embed)).toEqual(['Mango', 'Durian', 'Kiwi']);

    const manage = await (await voterContext(browser)).newPage();
    errors.push(...collectPageErrors(manage));
    await manage.goto(`${server.url}/polls/${poll.id}/manage#token=${encodeURIComponent(poll.admin_token)}`);
    const hidden = manage.getByRole('region', { name: 'Hidden answers' });
    await hidden.waitFor();
    // The profanity filter held one back: there, and nowhere else.
    expect(await hidden.locator('li').allTextContents()).toEqual(['fuck this1 voteShow']);
    await manage.getByRole('button', { name: 'Hide “Durian”' }).click();
    await manage.getByText(/is hidden: it has left the results on every screen/).waitFor();
    await untilListed(voter, ['Mango: 2 votes', 'Kiwi: 1 vote']);
    await expect.poll(() => clouded(presenter)).toEqual(['Mango', 'Kiwi']);
    await expect.poll(() => clouded(embed)).toEqual(['Mango', 'Kiwi']);
    await expect
      .poll(() => hidden.locator('li').allTextContents())
      .toEqual(['Durian1 voteShow', 'fuck this1 voteShow']);
    expect(await manage.evaluate(() => document.activeElement?.id)).toBe('moderation-heading');

    // Given again later, it stays out; shown, it is back everywhere with every answer.
    await answerThroughApi(poll.id, ['durian']);
    await manage.getByRole('button', { name: 'Show “Durian” again' }).click();
    await untilListed(voter, ['Mango: 2 votes', 'Durian: 2 votes', 'Kiwi: 1 vote']);
    await expect.poll(() => clouded(presenter)).toEqual(['Mango', 'Durian', 'Kiwi']);
    expect(await listed(voter)).not.toContain('fuck this: 1 vote');

    // The presenter's H still hides the results on that screen, and brings them back.
    await presenter.keyboard.press('h');
    await presenter.getByText('Results are hidden on this screen for now.').waitFor();
    expect(await presenter.locator('.word-cloud').count()).toBe(0);
    await presenter.keyboard.press('h');
    await expect.poll(() => clouded(presenter)).toEqual(['Mango', 'Durian', 'Kiwi']);
    expect(errors).toEqual([]);
    await Promise.all([voter, presenter, embed, manage].map((page) => page.context().close()));
  });

  it('shows no answers while results wait for the poll to close, then the cloud', async () => {
    const poll = await createTextPoll({ title: 'Secret words?', results_visibility: 'after_close' });
    await answerThroughApi(poll.id, ['hush']);
    const page = await (await voterContext(browser)).newPage();
    await page.goto(`${server.url}/polls/${poll.id}`);
    await page.getByLabel('Your answer', { exact: true }).fill('quiet');
    await page.getByRole('button', { name: 'Send answer' }).click();
    await page.getByText(/was counted/).waitFor();
    expect(await page.getByText('Results appear when the poll closes.').count()).toBe(1);
    expect(await page.locator('.text-results').count()).toBe(0);
    expect(await page.content()).not.toContain('hush');
    const presenter = await (await voterContext(browser, { viewport: { width: 1280, height: 720 } })).newPage();
    await presenter.goto(`${server.url}/polls/${poll.id}/present`);
    expect(await presenter.locator('.text-results').count()).toBe(0);

    const closed = await fetch(`${server.url}/api/polls/${poll.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${poll.admin_token}` },
      body: JSON.stringify({ is_active: false }),
    });
    expect(closed.status).toBe(200);
    await untilListed(page, ['hush: 1 vote', 'quiet: 1 vote']);
    await expect.poll(() => clouded(presenter)).toEqual(['hush', 'quiet']);
    await Promise.all([page.context().close(), presenter.context().close()]);
  });

  it('draws 60 answers without overlap, whole and readable, at 1280 and 375 pixels in both themes (screenshots)', async () => {
    const poll = await createTextPoll({ title: 'What should we eat at the offsite?', max_choices: 2 });
    const given = FOODS.flatMap((food, i) => Array.from({ length: Math.max(1, Math.round(30 / (i + 1))) }, () => food));
    for (const [i, food] of given.entries()) await answerThroughApi(poll.id, [i % 3 === 1 ? food.toUpperCase() : food]);
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 375]) {
        const context = await voterContext(browser, { viewport: { width, height: 800 }, colorScheme });
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        await page.goto(`${server.url}/polls/${poll.id}`);
        await page.getByText('0 / 40 characters').first().waitFor();
        await page.getByLabel('Answer 1').fill('pizza');
        await page.getByRole('button', { name: 'Send answers' }).click();
        await page.getByText(/was counted/).waitFor();
        await drawnWell(page, `voter ${width} ${colorScheme}`);
        await page.locator('#results-heading').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/voter-${width}-${colorScheme}.png` });

        const presenter = await context.newPage();
        errors.push(...collectPageErrors(presenter));
        await presenter.setViewportSize({ width, height: width === 1280 ? 720 : 800 });
        await presenter.goto(`${server.url}/polls/${poll.id}/present`);
        await drawnWell(presenter, `presenter ${width} ${colorScheme}`);
        if (width === 1280) {
          expect(await presenter.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
        }
        await presenter.screenshot({ path: `${SHOTS}/presenter-${width}-${colorScheme}.png` });

        const manage = await context.newPage();
        errors.push(...collectPageErrors(manage));
        await manage.goto(`${server.url}/polls/${poll.id}/manage#token=${encodeURIComponent(poll.admin_token)}`);
        await manage.getByRole('region', { name: 'Hidden answers' }).waitFor();
        await drawnWell(manage, `manage ${width} ${colorScheme}`);
        await manage.screenshot({ path: `${SHOTS}/manage-${width}-${colorScheme}.png`, fullPage: true });
        await manage
          .locator('section[aria-labelledby="results-heading"]')
          .screenshot({ path: `${SHOTS}/manage-results-${width}-${colorScheme}.png` });
        expect(errors).toEqual([]);
        await context.close();
      }
    }
  }, 180_000);
});

const SHOTS = '/tmp/text-shots';

const FOODS = [
  'pizza',
  'sushi',
  'tacos',
  'ramen',
  'curry',
  'falafel',
  'dumplings',
  'paella',
  'pho',
  'burrito',
  'croissant',
  'kimchi',
  'moussaka',
  'pierogi',
  'shakshuka',
  'ceviche',
  'goulash',
  'biryani',
  'risotto',
  'poutine',
  'שקשוקה',
  'مقلوبة',
  'sashimi',
  'bánh mì',
  'pizza bianca',
  'fish and chips',
  'pad thai',
  'lasagne',
  'gnocchi',
  'empanadas',
  'jollof rice',
  'injera',
  'borscht',
  'pelmeni',
  'bibimbap',
  'tom yum',
  'laksa',
  'nasi goreng',
  'rendang',
  'adobo',
  'sisig',
  'arepas',
  'feijoada',
  'churrasco',
  'pastel de nata',
  'bacalhau',
  'haggis',
  'full English',
  'bangers and mash',
  'schnitzel',
  'bratwurst',
  'pretzel',
  'fondue',
  'raclette',
  'rösti',
  'crêpes',
  'ratatouille',
  'bouillabaisse',
  'cassoulet',
  'a very long answer of forty characters!!',
];

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/**
 * The cloud as the browser drew it, with its real font: no two words' boxes overlap, every word
 * lies whole inside the picture, and each colour reads against the page (4.5:1 or more).
 */
async function drawnWell(page: Page, where: string) {
  await page.locator('.word-cloud text').first().waitFor();
  // New words fade in and glide: judge the picture once they have settled.
  await page.waitForTimeout(900);
  const drawn = await page.evaluate(() => {
    const svg = document.querySelector('.word-cloud')!;
    const frame = svg.getBoundingClientRect();
    const words = [...svg.querySelectorAll('text')].map((text) => {
      const box = text.getBoundingClientRect();
      return {
        text: text.lastChild?.textContent,
        box: { l: box.left, r: box.right, t: box.top, b: box.bottom },
        fill: getComputedStyle(text).fill,
      };
    });
    let background = 'rgb(255, 255, 255)';
    for (let node: Element | null = svg; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)') {
        background = colour;
        break;
      }
    }
    return { frame: { l: frame.left, r: frame.right, t: frame.top, b: frame.bottom }, words, background };
  });
  const overlaps: string[] = [];
  const outside: string[] = [];
  // Glyphs may reach a pixel past their box (antialiasing, rounding): a word is judged by its inner box.
  const inner = ({ l, r, t, b }: { l: number; r: number; t: number; b: number }) => ({
    l: l + 1,
    r: r - 1,
    t: t + 1,
    b: b - 1,
  });
  for (const [i, a] of drawn.words.entries()) {
    const x = inner(a.box);
    if (x.l < drawn.frame.l || x.r > drawn.frame.r || x.t < drawn.frame.t || x.b > drawn.frame.b) outside.push(a.text!);
    for (const b of drawn.words.slice(i + 1)) {
      const y = inner(b.box);
      if (x.l < y.r && y.l < x.r && x.t < y.b && y.t < x.b) overlaps.push(`${a.text} / ${b.text}`);
    }
  }
  expect({ where, overlaps, outside }).toEqual({ where, overlaps: [], outside: [] });
  const weak = [...new Set(drawn.words.map((word) => word.fill))].filter(
    (fill) => contrast(fill, drawn.background) < 4.5,
  );
  expect({ where, weak }).toEqual({ where, weak: [] });
}
