import type { ReactNode } from 'react';
import { ClientWords } from '../../../_i18n/client-words';

/** The event's presenter screen: the poll presenter's words and the live results'. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['events', 'poll', 'kinds', 'live', 'present']}>{children}</ClientWords>;
}
