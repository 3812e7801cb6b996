'use client';

import { useTranslations } from '../_lib/intl';
import './embed.css';

/** An embed whose poll does not exist (any more): a line in the frame, without the site around it. */
export default function EmbedNotFound() {
  const t = useTranslations('EmbedNotFound');
  return (
    <main id="main" className="embed">
      <p className="notice">{t('text')}</p>
    </main>
  );
}
