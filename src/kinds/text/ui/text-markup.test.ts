import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { markupIn } from '../../../../tests/support/kind-messages';
import { AnswerBallot } from './answer-ballot';
import { TextResultsView } from './text-results-view';

/** What the server sends for these components: the page as a browser without JavaScript gets it. */

/** The text a reader sees, tags left out. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the open-text ballot before its script runs', () => {
  it('has one `answer` field per answer the poll takes, the first required, each with its limit', () => {
    const html = markupIn(createElement(AnswerBallot, { maxChoices: 3, onSubmit: () => undefined }));
    expect([...html.matchAll(/<input[^>]* name="answer"/g)]).toHaveLength(3);
    expect(html.match(/maxLength="40"/g)).toHaveLength(3);
    expect(html.match(/required=""/g)).toHaveLength(1);
    expect(text(html)).toContain('Answer 1 Up to 40 characters Answer 2');
    expect(html).toMatch(/<button type="submit"[^>]*>Send answers<\/button>/);
  });

  it('says the fields and their limit in the page’s language', () => {
    const german = text(markupIn(createElement(AnswerBallot, { maxChoices: 2, onSubmit: () => undefined }), 'de'));
    expect(german).toContain('Ihre Antworten, bis zu 2');
    expect(german).toContain('Antwort 1 Bis zu 40 Zeichen Antwort 2');
    const arabic = text(markupIn(createElement(AnswerBallot, { maxChoices: 2, onSubmit: () => undefined }), 'ar'));
    expect(arabic).toContain('الإجابة 1 حتى 40 حرفًا الإجابة 2');
    expect(arabic).toContain('إرسال الإجابتين');
  });

  it('asks for "Your answer" when the poll takes one', () => {
    const html = markupIn(createElement(AnswerBallot, { maxChoices: 1, onSubmit: () => undefined }));
    expect([...html.matchAll(/<input[^>]* name="answer"/g)]).toHaveLength(1);
    expect(text(html)).toContain('Your answer');
    expect(html).toMatch(/>Send answer<\/button>/);
  });
});

describe('the open-text results', () => {
  const results = {
    answers: [
      { text: 'Pizza', count: 3 },
      { text: '<img src=x onerror=alert(1)>', count: 2 },
      { text: 'שקשוקה', count: 1 },
    ],
    distinct: 3,
  };
  const html = markupIn(createElement(TextResultsView, { results }));

  it('draws the cloud as SVG text, each answer a text node, markup escaped', () => {
    expect(html.match(/<text /g)).toHaveLength(3);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<foreignObject');
    expect(html).not.toContain('style=');
  });

  it('isolates each answer for bidi, in the cloud and in the list', () => {
    expect(html.match(/<text[^>]* direction="rtl"/g)).toHaveLength(1);
    expect(html.match(/<bdi class="answer-text" dir="auto">/g)).toHaveLength(3);
  });

  it('lists every answer with its count, for screen readers and small screens', () => {
    expect(text(html)).toContain('Every answer Pizza 3 votes &lt;img src=x onerror=alert(1)&gt; 2 votes שקשוקה 1 vote');
    expect(text(html)).toContain('3 different answers');
    // The cloud is a picture: screen readers read the list instead.
    expect(html).toMatch(/<svg class="word-cloud"[^>]* aria-hidden="true"/);
  });

  it('counts the votes in the page’s language, leaving the answers as written', () => {
    const arabic = text(markupIn(createElement(TextResultsView, { results }), 'ar'));
    expect(arabic).toContain('كل الإجابات Pizza 3 أصوات');
    expect(arabic).toContain('שקשוקה صوت واحد');
    expect(arabic).toContain('3 إجابات مختلفة');
  });

  it('says how many answers there are beyond those shown', () => {
    const many = markupIn(createElement(TextResultsView, { results: { ...results, distinct: 250 } }));
    expect(text(many)).toContain('250 different answers, the 3 given most shown');
  });

  it('shows nothing of the answers when they are hidden, and says so before the first', () => {
    expect(markupIn(createElement(TextResultsView, { results: null }))).toBe('');
    const none = markupIn(createElement(TextResultsView, { results: { answers: [], distinct: 0 } }));
    expect(text(none)).toBe('No answers yet');
  });

  it('folds the list away in the embed, and keeps it for screen readers only on the presenter screen', () => {
    const embed = markupIn(createElement(TextResultsView, { results, variant: 'embed' }));
    expect(embed).toMatch(/<details class="text-list"><summary>Every answer<\/summary>/);
    const presenter = markupIn(createElement(TextResultsView, { results, variant: 'presenter' }));
    expect(presenter).toMatch(/<div class="visually-hidden"><h3>Every answer<\/h3>/);
  });
});
