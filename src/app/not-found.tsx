import Link from 'next/link';
import { useTranslations } from './_lib/intl';

export default function NotFound() {
  const t = useTranslations('NotFound');
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
