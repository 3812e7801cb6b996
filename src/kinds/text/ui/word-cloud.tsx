'use client';

import { useTranslations } from '../../../app/_lib/intl';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
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
 * their counts beside it instead. Each word's tooltip names it and its votes (TextResults, messages/kinds).
 */

/** First strong isolate … pop directional isolate: an answer inside a tooltip's sentence keeps its own direction. */
const isolated = (text: string) => `\u2068${text}\u2069`;

/**
 * Every word is drawn at this font size, then scaled: a change of size is a transform, which glides
 * (text.css). The transform is the SVG attribute, not a style: the pages' CSP refuses inline styles.
 */
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

/**
 * Below this width (CSS pixels) the cloud takes a frame of a phone's shape and its top answers
 * only, so they stay readable; the list beside it has them all.
 */
const NARROW_BELOW = 520;
const NARROW_FRAME: CloudFrame = { width: 400, height: 440 };
const NARROW_ANSWERS = 40;

/** Whether the element is narrower than NARROW_BELOW; false on the server, which cannot know. */
function useNarrow(element: RefObject<Element | null>): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setNarrow(entry.contentRect.width > 0 && entry.contentRect.width < NARROW_BELOW);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return narrow;
}

export function WordCloud({ answers, frame }: { answers: readonly AnswerCount[]; frame: CloudFrame }) {
  const t = useTranslations('TextResults');
  const box = useRef<HTMLDivElement>(null);
  const narrow = useNarrow(box);
  // One array per change of answers: a new one at each render would be a new layout at each render.
  const top = useMemo(() => answers.slice(0, NARROW_ANSWERS), [answers]);
  return (
    <div ref={box} className="word-cloud-box">
      {narrow ? <CloudPicture answers={top} frame={NARROW_FRAME} /> : <CloudPicture answers={answers} frame={frame} />}
      {narrow && answers.length > top.length && <p className="text-distinct">{t('cloudTop', { shown: top.length })}</p>}
    </div>
  );
}

function CloudPicture({ answers, frame }: { answers: readonly AnswerCount[]; frame: CloudFrame }) {
  const t = useTranslations('TextResults');
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
          transform={`translate(${word.x} ${word.y}) scale(${word.fontSize / BASE_FONT})`}
        >
          <title>{t('wordTitle', { answer: isolated(word.text), count: word.count })}</title>
          {word.text}
        </text>
      ))}
    </svg>
  );
}
