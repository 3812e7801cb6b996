import type { ReactNode } from 'react';
import { ClientWords } from '../_i18n/client-words';

/** Join pages: the join form's and the unknown code's words. */
export default function Layout({ children }: { children: ReactNode }) {
  return <ClientWords areas={['home']}>{children}</ClientWords>;
}
