import type { ReactNode } from 'react';
import { ClientWords } from '../../_i18n/client-words';

/** The event form's words, and the poll form's it reuses for each question. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['events', 'create']}>{children}</ClientWords>;
}
