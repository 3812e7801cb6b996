import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

/** The bars a ranked count starts from on the presenter screen, "others" included (RankedResultsView's presenter variant). */
const MOST_BARS = 8;
/** The winner's and "others" at the least. */
const FEWEST_BARS = 2;

/**
 * How many bars of a ranked count the presenter screen holds without scrolling. Long names wrap
 * onto more lines, so while `box` overflows after a render, one bar fewer (its option joins
 * "others"), before the browser paints; a new count on screen (`shown`, null while none is) or
 * window size starts again from the most. A phone's screen scrolls by design: its box grows
 * with the content and never overflows.
 */
export function useBarsThatFit(box: RefObject<HTMLElement | null>, shown: object | null): number {
  const [size, setSize] = useState(0);
  const [fit, setFit] = useState({ shown, size, bars: MOST_BARS });
  const bars = fit.shown === shown && fit.size === size ? fit.bars : MOST_BARS;

  useEffect(() => {
    const resized = () => setSize((count) => count + 1);
    addEventListener('resize', resized);
    return () => removeEventListener('resize', resized);
  }, []);

  // What is in the box can grow after React's render (a font arriving, a line wrapping late): look again then.
  const [, setLaidOut] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setLaidOut((count) => count + 1));
    for (const child of element.children) observer.observe(child);
    return () => observer.disconnect();
  }, [box, shown]);

  useLayoutEffect(() => {
    const element = box.current;
    if (shown && element && bars > FEWEST_BARS && element.scrollHeight > element.clientHeight) {
      setFit({ shown, size, bars: bars - 1 });
    }
  });

  return bars;
}
