import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages stay out of Next's bundles; the custom server already loaded them.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'redis', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Set by server.ts for the build of `npm start`'s first run only: `npm test` runs tsc, and its own
  // `next build` (like `npm run build` and the Docker image's) still checks the types.
  typescript: { ignoreBuildErrors: process.env.POLLCAST_START_BUILD === '1' },
};

export default nextConfig;
