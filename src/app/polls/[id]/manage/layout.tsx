import type { ReactNode } from 'react';
import { ClientWords } from '../../../_i18n/client-words';

/** The manage page: its own words, the form's (settings, refusals) and the live results'. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['poll', 'kinds', 'live', 'manage', 'create']}>{children}</ClientWords>;
}
