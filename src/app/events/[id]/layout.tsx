import type { ReactNode } from 'react';
import { ClientWords } from '../../_i18n/client-words';

/** The audience page: the event's words and the current question's ballot and live results. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['events', 'poll', 'kinds', 'live']}>{children}</ClientWords>;
}
