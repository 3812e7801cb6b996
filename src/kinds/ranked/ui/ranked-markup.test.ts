import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RankingBallot } from './ranking-ballot';
import { RankingSelects } from './ranking-selects';

/** What the server sends for these components: the page as a browser without JavaScript gets it. */

const options = [
  { id: 'mango', option_text: 'Mango' },
  { id: 'kiwi', option_text: 'Kiwi' },
  { id: 'papaya', option_text: 'Papaya' },
];

/** The text a reader sees, tags left out. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the numbered selects', () => {
  const html = renderToStaticMarkup(createElement(RankingSelects, { options, maxChoices: 2, ranking: ['kiwi'] }));

  it('has one select per rank a ballot may hold, posting rank_1, rank_2', () => {
    expect([...html.matchAll(/<select[^>]* name="(rank_\d+)"/g)].map((match) => match[1])).toEqual([
      'rank_1',
      'rank_2',
    ]);
    expect(text(html)).toContain('1st choice');
    expect(text(html)).toContain('2nd choice');
    expect(html).not.toContain('rank_3');
  });

  it('lists "—" and every option in each select, the first rank required', () => {
    expect(html.match(/<option value=""[^>]*>—<\/option>/g)).toHaveLength(2);
    expect(html.match(/<option value="papaya">Papaya<\/option>/g)).toHaveLength(2);
    expect(html).toMatch(/<select[^>]* name="rank_1"[^>]* required=""/);
    expect(html).not.toMatch(/<select[^>]* name="rank_2"[^>]* required=""/);
  });

  it('keeps a rank already chosen', () => {
    expect(html).toContain('<option value="kiwi" selected="">Kiwi</option>');
  });

  it('never offers more selects than there are options', () => {
    const many = renderToStaticMarkup(createElement(RankingSelects, { options, maxChoices: 50 }));
    expect(many.match(/<select/g)).toHaveLength(3);
  });
});

describe('the ranking ballot before its script runs', () => {
  it('is the numbered selects and a vote button, so it works without JavaScript', () => {
    const html = renderToStaticMarkup(
      createElement(RankingBallot, { options, maxChoices: 3, onSubmit: () => undefined }),
    );
    expect(html.match(/<select/g)).toHaveLength(3);
    expect(html).toMatch(/<button type="submit"[^>]*>Vote<\/button>/);
    expect(html).toContain('role="status"');
  });
});
