import { redirect } from 'next/navigation';

/** The home page's "Join with a code" form sends `/j?code=…`; the code's own address decides the rest. */
export default async function JoinForm({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = typeof code === 'string' ? code.trim() : '';
  redirect(typed ? `/j/${encodeURIComponent(typed)}` : '/');
}
