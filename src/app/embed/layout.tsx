import type { ReactNode } from 'react';
import { ClientWords } from '../_i18n/client-words';

/** The embed: the presenter area's words and the live results'. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['poll', 'kinds', 'live', 'present']}>{children}</ClientWords>;
}
