import type { ReactNode } from 'react';
import { ClientWords } from '../../../_i18n/client-words';

/** The event's manage page: its words, the poll form's and the live results'. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['events', 'manage', 'create', 'poll', 'kinds', 'live']}>{children}</ClientWords>;
}
