import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const nextConfig: NextConfig = {
  // Server-only packages stay out of Next's bundles; the custom server already loaded them.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'redis', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Set by server.ts for the build of `npm start`'s first run only: `npm test` runs tsc, and its own
  // `next build` (like `npm run build` and the Docker image's) still checks the types.
  typescript: { ignoreBuildErrors: process.env.POLLCAST_START_BUILD === '1' },
  // Under server.ts our server compresses the pages and keeps the build's files compressed
  // (src/server/page-compression.ts, decision 0018); `next start` alone keeps Next's compression.
  compress: process.env.POLLCAST_SERVER_COMPRESSES !== '1',
};

// The interface's languages (docs/TRANSLATING.md): messages compiled at build time, so browsers get
// no ICU parser; the language of each request comes from src/app/_i18n/request.ts.
const withNextIntl = createNextIntlPlugin({
  requestConfig: './src/app/_i18n/request.ts',
  experimental: {
    messages: {
      path: [
        './messages/common',
        './messages/home',
        './messages/create',
        './messages/manage',
        './messages/poll',
        './messages/kinds',
        './messages/present',
        './messages/live',
        './messages/events',
      ],
      format: 'json',
      locales: 'infer',
      precompile: true,
    },
  },
});

export default withNextIntl(nextConfig);
