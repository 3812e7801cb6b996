import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  browser,
  browserAvailable,
  collectPageErrors,
  createPoll,
  server,
  useServerAndBrowser,
  voteThroughApi,
  voterContext,
  type CreatedPoll,
} from './support';

/**
 * The poll page, the presenter screen and the embed in German and Arabic (`?lang=`): their words,
 * Arabic's six plural forms, numbers as each language writes them, Arabic right to left with its
 * bars growing from the right, and nothing that overflows a phone or a projector.
 */

useServerAndBrowser();

/** One answer per Arabic plural form: zero, one, two, few, many and other (117 votes in all). */
const TALLY = [0, 1, 2, 3, 11, 100];
const ANSWERS = ['Falafel', 'Shawarma', 'كشري', 'Sushi', 'Tacos', 'Pizza'];
const ARABIC_VOTES = (n: (count: number) => string) => [
  'لا أصوات',
  'صوت واحد',
  'صوتان',
  `${n(3)} أصوات`,
  `${n(11)} صوتًا`,
  `${n(100)} صوت`,
];
const GERMAN_VOTES = ['0 Stimmen', '1 Stimme', '2 Stimmen', '3 Stimmen', '11 Stimmen', '100 Stimmen'];
const TOTAL = TALLY.reduce((sum, count) => sum + count, 0);

let poll: CreatedPoll;

beforeAll(async () => {
  poll = await createPoll(server.url, {
    title: 'Lunch today?',
    options: ANSWERS,
    expires_at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  for (const [index, count] of TALLY.entries()) {
    const option = poll.options[index]!.id;
    await Promise.all(Array.from({ length: count }, () => voteThroughApi(server.url, poll.id, option)));
  }
});

/** Each answer's figures ("3 votes · 3%") as they would read in `locale`. */
function figuresIn(locale: 'de' | 'ar'): string[] {
  const number = (count: number) => new Intl.NumberFormat(locale).format(count);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const votes = locale === 'de' ? GERMAN_VOTES : ARABIC_VOTES(number);
  return TALLY.map((count, index) => `${votes[index]} · ${percent.format(count / TOTAL)}`);
}

async function page(path: string): Promise<string> {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return response.text();
}

describe('pages in German and Arabic, as the server renders them', () => {
  it('says the poll page in German, with German plurals and numbers', async () => {
    const html = await page(`/polls/${poll.id}?lang=de`);
    expect(html).toMatch(/<html lang="de" dir="ltr"/);
    expect(html).toContain('<meta name="description" content="Stimmen Sie ab und verfolgen Sie die Ergebnisse live."');
    for (const words of [
      'Abstimmung läuft',
      'Wählen Sie eine Antwort',
      '>Abstimmen</button>',
      'Bisherige Ergebnisse',
    ]) {
      expect(html).toContain(words);
    }
    expect([...html.matchAll(/class="result-figures">([^<]*)</g)].map((match) => match[1])).toEqual(figuresIn('de'));
    expect(html).toContain(`Insgesamt <strong>${TOTAL} Stimmen</strong>`);
    expect(html).toContain('Alle sehen die Ergebnisse, während abgestimmt wird');
  });

  it('says the poll page in Arabic, right to left, with each of its six plural forms', async () => {
    const html = await page(`/polls/${poll.id}?lang=ar`);
    expect(html).toMatch(/<html lang="ar" dir="rtl"/);
    for (const words of ['التصويت مفتوح', 'اختر إجابة واحدة', '>صوّت</button>', 'النتائج حتى الآن']) {
      expect(html).toContain(words);
    }
    expect([...html.matchAll(/class="result-figures">([^<]*)</g)].map((match) => match[1])).toEqual(figuresIn('ar'));
    expect(html).toContain(`المجموع: <strong>${new Intl.NumberFormat('ar').format(TOTAL)} صوتًا</strong>`);
    // Poll content keeps its own direction.
    expect(html).toContain('<h1 dir="auto">Lunch today?</h1>');
    expect(html).toContain('<bdi dir="auto">كشري</bdi>');
  });

  it('says the presenter screen and the embed in both, and the embed’s link keeps its language', async () => {
    const german = await page(`/polls/${poll.id}/present?lang=de`);
    expect(german).toContain('<title>Präsentation: Lunch today? · pollcast</title>');
    expect(german).toContain(`<strong>${TOTAL}</strong> Stimmen`);
    expect(german).toContain('Mitmachen unter');
    const arabic = await page(`/polls/${poll.id}/present?lang=ar`);
    expect(arabic).toMatch(/<html lang="ar" dir="rtl"/);
    expect(arabic).toContain(`<strong>${new Intl.NumberFormat('ar').format(TOTAL)}</strong> صوتًا`);
    expect(arabic).toContain('شارك عبر');

    const embed = await page(`/embed/${poll.id}?lang=ar`);
    expect(embed).toMatch(/<html lang="ar" dir="rtl"/);
    expect(embed).toContain(`<a href="/polls/${poll.id}?lang=ar" target="_blank" rel="noopener">افتح في pollcast`);
    expect([...embed.matchAll(/class="result-figures">([^<]*)</g)].map((match) => match[1])).toEqual(figuresIn('ar'));
    const plain = await page(`/embed/${poll.id}`);
    expect(plain).toContain(`<a href="/polls/${poll.id}" target="_blank" rel="noopener">Open in pollcast`);
  });
});

type Box = { left: number; right: number; width: number };
/** Each drawn bar's track and filled part, as laid out on screen. */
function bars(list: Locator): Promise<{ track: Box; filled: Box }[]> {
  return list.evaluateAll((svgs) =>
    svgs
      .map((svg) => ({ svg, rect: svg.querySelector('rect')! }))
      .filter(({ rect }) => rect.getBoundingClientRect().width > 1)
      .map(({ svg, rect }) => {
        const box = (element: Element) => {
          const { left, right, width } = element.getBoundingClientRect();
          return { left, right, width };
        };
        return { track: box(svg), filled: box(rect) };
      }),
  );
}

/** Bars start at the line's start: the left edge left to right, the right edge right to left. */
async function expectBarsFromStart(list: Locator, direction: 'ltr' | 'rtl'): Promise<void> {
  const drawn = await bars(list);
  expect(drawn.length).toBeGreaterThan(0);
  for (const { track, filled } of drawn) {
    const [start, trackStart] = direction === 'rtl' ? [filled.right, track.right] : [filled.left, track.left];
    expect(Math.abs(start - trackStart), `a bar of ${filled.width}px in ${track.width}px`).toBeLessThan(1);
  }
}

async function overflow(shown: Page): Promise<string[]> {
  return shown.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > innerWidth ? [`page is ${root.scrollWidth}px wide in ${innerWidth}px`] : [];
  });
}

describe.skipIf(!browserAvailable)('pages in German and Arabic, in Chromium', () => {
  it('shows the poll page on a phone in Arabic, live, counting down, its bars from the right', async () => {
    const context = await voterContext(browser, { viewport: { width: 375, height: 812 } });
    const shown = await context.newPage();
    const errors = collectPageErrors(shown);
    await shown.goto(`${server.url}/polls/${poll.id}?lang=ar`);
    await expect.poll(() => shown.locator('.live').textContent()).toBe('مباشر: تتغيّر النتائج مع كل صوت');
    expect(await shown.locator('time').textContent()).toMatch(/^الوقت المتبقي: /);
    await expectBarsFromStart(shown.locator('svg.bar'), 'rtl');
    expect(await overflow(shown)).toEqual([]);

    await shown.goto(`${server.url}/polls/${poll.id}?lang=de`);
    await expect
      .poll(() => shown.locator('.live').textContent())
      .toBe('Live: Die Ergebnisse ändern sich mit jeder Stimme');
    expect(await shown.locator('time').textContent()).toMatch(/^Noch 1 Tag, 23 Stunden$/);
    await expectBarsFromStart(shown.locator('svg.bar'), 'ltr');
    expect(await overflow(shown)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('votes in Arabic with JavaScript, and in German without it, the answer named in each language', async () => {
    const drinks = await createPoll(server.url, { title: 'Tea or coffee?', options: ['شاي', 'Coffee'] });
    const context = await voterContext(browser);
    const shown = await context.newPage();
    await shown.goto(`${server.url}/polls/${drinks.id}?lang=ar`);
    await expect.poll(() => shown.locator('.live').textContent()).toMatch(/^مباشر/);
    await shown.getByLabel('Coffee').check();
    await shown.getByRole('button', { name: 'صوّت' }).click();
    await expect.poll(() => shown.getByText('احتُسب صوتك لـ«Coffee».').count()).toBe(1);
    await context.close();

    // The embed's language came from its address: the vote's answer page keeps it.
    const scriptless = await voterContext(browser, { javaScriptEnabled: false });
    const framed = await scriptless.newPage();
    await framed.goto(`${server.url}/embed/${drinks.id}?lang=de`);
    await framed.getByLabel('شاي').check();
    await framed.getByRole('button', { name: 'Abstimmen' }).click();
    await framed.waitForURL(/vote=counted/);
    expect(new URL(framed.url()).searchParams.get('lang')).toBe('de');
    expect(await framed.getByText('Ihre Stimme für „شاي“ wurde gezählt.').count()).toBe(1);
    await scriptless.close();
  });

  it('comes to life in its language whether its words came with the page or with a navigation', async () => {
    const title = `Kuchen oder Kekse ${Date.now()}?`;
    const treats = await createPoll(server.url, { title, options: ['Kuchen', 'Kekse'], listed: true });
    const context = await voterContext(browser);
    await context.addCookies([{ name: 'pollcast_lang', value: 'de', url: server.url }]);
    const shown = await context.newPage();
    const errors = collectPageErrors(shown);
    const blocks = () =>
      shown.locator('script[type="application/json"]').evaluateAll((found) => found.map((block) => block.id));
    await shown.goto(server.url);
    expect(await blocks()).toEqual(['words:de.common.EventLinks..', 'words:de.home...']);

    // A navigation: the poll page's words come in its payload, and it votes in German all the same.
    await shown.getByRole('link', { name: title }).click();
    await shown.waitForURL(`**/polls/${treats.id}`);
    await expect.poll(() => shown.locator('.live').textContent()).toMatch(/^Live: /);
    expect(await blocks()).not.toContain('words:de.poll,live.CreatedNotice.choice.');
    await shown.getByLabel('Kekse').check();
    await shown.getByRole('button', { name: 'Abstimmen' }).click();
    await expect.poll(() => shown.getByText('Ihre Stimme für „Kekse“ wurde gezählt.').count()).toBe(1);

    // A load: they come once, in the HTML, and the page reads them from there.
    await shown.reload();
    await expect.poll(() => blocks()).toContain('words:de.poll,live.CreatedNotice.choice.');
    await expect.poll(() => shown.getByRole('button', { name: 'Live-Updates pausieren' }).count()).toBe(1);
    const pause = shown.getByRole('button', { name: 'Live-Updates pausieren' });
    await pause.click();
    await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('true');
    await shown.goBack();
    await shown.getByRole('heading', { name: 'Neueste offene Umfragen' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const [locale, direction] of [
    ['ar', 'rtl'],
    ['de', 'ltr'],
  ] as const) {
    it(`fits the presenter screen at 1280×720 in ${locale}, its bars from the start edge, its keys in ${locale}`, async () => {
      const context = await voterContext(browser, { viewport: { width: 1280, height: 720 } });
      const shown = await context.newPage();
      const errors = collectPageErrors(shown);
      await shown.goto(`${server.url}/polls/${poll.id}/present?lang=${locale}`);
      await expect
        .poll(() => shown.locator('.presenter-footer .live').textContent())
        .toBe(locale === 'ar' ? 'مباشر' : 'Live');
      await expectBarsFromStart(shown.locator('.presenter-bar'), direction);
      const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
      expect(await shown.locator('.presenter-figures').last().textContent()).toBe(
        `${new Intl.NumberFormat(locale).format(100)} · ${percent.format(100 / TOTAL)}`,
      );
      const page = await shown.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.scrollHeight,
      ]);
      expect(page).toEqual([1280, 720]);

      // A keyboard without Latin letters: H's key types another letter, and hides the results all the same.
      await shown.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ا', code: 'KeyH' })));
      await expect
        .poll(() => shown.locator('.presenter-footer [role="status"]').textContent())
        .toBe(locale === 'ar' ? 'النتائج مخفية على هذه الشاشة.' : 'Ergebnisse auf diesem Bildschirm ausgeblendet.');
      await shown.keyboard.press('?');
      const keys = shown.getByRole('dialog', { name: locale === 'ar' ? 'المفاتيح' : 'Tasten' });
      await expect.poll(() => keys.isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
