import type { ReactNode } from 'react';
import { ClientWords } from '../../_i18n/client-words';

/** The poll page: its ballot and live results, and the notice its creator sees first. */
export default function Layout({ children }: { children: ReactNode }) {
  return (
    <ClientWords areas={['poll', 'kinds', 'live']} namespaces={['CreatedNotice']}>
      {children}
    </ClientWords>
  );
}
