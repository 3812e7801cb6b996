'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useTranslations } from '../../_lib/intl';
import { JoinForm } from '../../_components/join-form';
import { isolated } from '../../_components/rich-tags';

/**
 * A code no poll has: most often a character misread off the projector, so the page takes the
 * code again right here (the form goes to `/j`, as the home page's does).
 */
export default function UnknownCode() {
  const params = useParams<{ code?: string }>();
  const typed = params?.code ? decodeURIComponent(params.code).slice(0, 32) : '';
  const t = useTranslations('UnknownCode');
  return (
    <>
      <h1>{typed ? t.rich('titleWithCode', { code: typed, typed: isolated }) : t('title')}</h1>
      <p>{t('text')}</p>
      <JoinForm label={t('codeLabel')} />
      <p>
        <Link href="/">{t('seeOpenPolls')}</Link>
      </p>
    </>
  );
}
