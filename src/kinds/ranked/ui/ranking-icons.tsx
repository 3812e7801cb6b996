/** The ballot's small line icons; decorative, as every control that shows one also has words. */

import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="ranking-icon"
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export const UpIcon = () => (
  <Icon>
    <path d="M5 12l5-5 5 5" />
  </Icon>
);

export const DownIcon = () => (
  <Icon>
    <path d="M5 8l5 5 5-5" />
  </Icon>
);

export const RemoveIcon = () => (
  <Icon>
    <path d="M6 6l8 8M14 6l-8 8" />
  </Icon>
);

export const AddIcon = () => (
  <Icon>
    <path d="M10 4v12M4 10h12" />
  </Icon>
);

/** Six dots: the handle a row is dragged by. */
export const GripIcon = () => (
  <Icon>
    {[5, 10, 15].flatMap((y) =>
      [7.5, 12.5].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.1" fill="currentColor" stroke="none" />),
    )}
  </Icon>
);
