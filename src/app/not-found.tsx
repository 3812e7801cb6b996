import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('NotFound');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('text')}</p>
      <p className="row">
        <Link href="/" className="button">
          {t('seeOpenPolls')}
        </Link>
        <Link href="/polls/new" className="button button-quiet">
          {t('createPoll')}
        </Link>
      </p>
    </>
  );
}
