import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { markupIn } from '../../../../tests/support/kind-messages';
import { instantRunoff } from '../tally';
import { RankedResultsView } from './ranked-results-view';
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
  const html = markupIn(createElement(RankingSelects, { options, maxChoices: 2, ranking: ['kiwi'] }));

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
    const many = markupIn(createElement(RankingSelects, { options, maxChoices: 50 }));
    expect(many.match(/<select/g)).toHaveLength(3);
  });
});

describe('the ranked parts in another language', () => {
  it('numbers the selects and words the ballot in German', () => {
    const html = markupIn(createElement(RankingBallot, { options, maxChoices: 2, onSubmit: () => undefined }), 'de');
    expect(text(html)).toContain('Ordnen Sie die Optionen');
    expect(text(html)).toContain('1. Wahl');
    expect(html).toMatch(/<button type="submit"[^>]*>Abstimmen<\/button>/);
  });

  it('gives French and Arabic ordinals', () => {
    expect(text(markupIn(createElement(RankingSelects, { options, maxChoices: 2 }), 'fr'))).toContain('1er choix');
    expect(text(markupIn(createElement(RankingSelects, { options, maxChoices: 2 }), 'ar'))).toContain(
      'الاختيار الثاني',
    );
  });
});

describe('the ranking ballot before its script runs', () => {
  it('is the numbered selects and a vote button, so it works without JavaScript', () => {
    const html = markupIn(createElement(RankingBallot, { options, maxChoices: 3, onSubmit: () => undefined }));
    expect(html.match(/<select/g)).toHaveLength(3);
    expect(html).toMatch(/<button type="submit"[^>]*>Vote<\/button>/);
    expect(html).toContain('role="status"');
  });
});

describe('the ranked results', () => {
  const results = instantRunoff(
    options.map((option) => option.id),
    [
      { ranking: ['mango'], count: 5 },
      { ranking: ['kiwi'], count: 4 },
      { ranking: ['papaya', 'kiwi'], count: 2 },
    ],
    'seed',
  );

  it('names the winner in words, not by colour only', () => {
    const html = text(markupIn(createElement(RankedResultsView, { results, options })));
    expect(html).toContain('Kiwi wins with 6 votes, 55% of the ballots still counted.');
    expect(html).toMatch(/Kiwi Winner 6 votes · 55%/);
  });

  it('shows every round in a table and where the eliminated option’s votes went', () => {
    const html = text(markupIn(createElement(RankedResultsView, { results, options })));
    expect(html).toContain('Option Round 1 Round 2');
    expect(html).toContain('Papaya 2 Eliminated');
    expect(html).toContain('After round 1: Papaya eliminated with 2 votes. 2 votes to Kiwi');
  });

  it('says the count in Arabic, with Arabic plurals, each option’s name isolated in its own direction', () => {
    const html = markupIn(createElement(RankedResultsView, { results, options }), 'ar');
    expect(text(html)).toContain('يفوز Kiwi بـ6 أصوات');
    expect(text(html)).toContain('بعد الجولة 1: استُبعد Papaya بصوتين.');
    expect(html).toContain('<p class="ranked-outcome">يفوز <bdi dir="auto">Kiwi</bdi>');
    expect(html).toMatch(/<table class="ranked-table"><caption[^>]*>أصوات كل خيار في كل جولة<\/caption>/);
  });

  it('shows nothing of the counts when they are hidden', () => {
    expect(markupIn(createElement(RankedResultsView, { results: null, options }))).toBe('');
  });

  it('says "No ballots yet" before the first ballot, and nothing else', () => {
    const empty = instantRunoff(
      options.map((option) => option.id),
      [],
      'seed',
    );
    expect(text(markupIn(createElement(RankedResultsView, { results: empty, options })))).toBe('No ballots yet');
  });
});
