import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages stay out of Next's bundles; the custom server already loaded them.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'redis', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
