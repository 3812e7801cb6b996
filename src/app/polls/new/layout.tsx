import type { ReactNode } from 'react';
import { ClientWords } from '../../_i18n/client-words';

/** The new-poll form's words. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['create']}>{children}</ClientWords>;
}
