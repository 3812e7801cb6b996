'use client';

import { useState } from 'react';
import { answerGroupKey } from '../../../domain/answer-groups';
import type { AnswerCount } from '../results';
import { layoutCloud, type CloudAnswer, type CloudFrame, type CloudLayout } from './cloud-layout';

/**
 * The answers as a word cloud: SVG text, each word its own <text> element holding the answer as a
 * text node (never markup), isolated for bidi so no answer can turn another around. Each layout
 * starts from the last one's places (cloud-layout.ts), so the cloud grows as the counts come in;
 * words glide to their new place and size (text.css), and appear by fading in.
 *
 * The cloud is a picture for the eye: screen readers skip it, and read the list of answers with
 * their counts beside it instead.
 */

/** Every word is drawn at this font size, then scaled: a change of size is a transform, which glides. */
const BASE_FONT = 100;

/** The answers keyed by their group, which a spelling change keeps (two groups never share a key). */
function cloudAnswers(answers: readonly AnswerCount[]): CloudAnswer[] {
  const seen = new Set<string>();
  return answers.map(({ text, count }) => {
    let key = answerGroupKey(text);
    while (seen.has(key)) key += '\u0000';
    seen.add(key);
    return { key, text, count };
  });
}

/** The layout of `answers`, from the places of the one drawn before, laid out anew only when they change. */
function useCloudLayout(answers: readonly AnswerCount[], frame: CloudFrame): CloudLayout {
  const [drawn, setDrawn] = useState(() => ({ answers, frame, layout: layoutCloud(cloudAnswers(answers), frame) }));
  if (drawn.answers === answers && drawn.frame === frame) return drawn.layout;
  const places = drawn.frame === frame ? drawn.layout.places : undefined;
  const layout = layoutCloud(cloudAnswers(answers), frame, places);
  setDrawn({ answers, frame, layout });
  return layout;
}

export function WordCloud({ answers, frame }: { answers: readonly AnswerCount[]; frame: CloudFrame }) {
  const { words } = useCloudLayout(answers, frame);
  return (
    <svg
      className="word-cloud"
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      focusable="false"
    >
      {words.map((word) => (
        <text
          key={word.key}
          className={`cloud-word cloud-tone-${word.tone}`}
          fontSize={BASE_FONT}
          textLength={Math.round((word.width / word.fontSize) * BASE_FONT * 100) / 100}
          lengthAdjust="spacingAndGlyphs"
          textAnchor="middle"
          dominantBaseline="central"
          direction={word.direction}
          style={{ transform: `translate(${word.x}px, ${word.y}px) scale(${word.fontSize / BASE_FONT})` }}
        >
          <title>{`${word.text}: ${word.count}`}</title>
          {word.text}
        </text>
      ))}
    </svg>
  );
}
