import { getTranslations } from 'next-intl/server';
import './embed.css';

/** An embed whose poll does not exist (any more): a line in the frame, without the site around it. */
export default async function EmbedNotFound() {
  const t = await getTranslations('EmbedNotFound');
  return (
    <main id="main" className="embed">
      <p className="notice">{t('text')}</p>
    </main>
  );
}
