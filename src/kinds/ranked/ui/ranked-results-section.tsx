import type { ReactNode } from 'react';

/**
 * A part of the ranked results under its title: a heading where the results are shown open, a
 * `details` whose summary is the title where they are folded away.
 */
export function RankedResultsSection({
  className,
  title,
  folded,
  headingLevel,
  children,
}: {
  className: string;
  title: string;
  folded: boolean;
  headingLevel: 2 | 3 | 4;
  children: ReactNode;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className={className}>
      {folded ? (
        <details>
          <summary>{title}</summary>
          {children}
        </details>
      ) : (
        <>
          <Heading>{title}</Heading>
          {children}
        </>
      )}
    </section>
  );
}
