/** @type {import('next').NextConfig} */
module.exports = {
  // Server-only packages loaded from node_modules at run time, not bundled (PGlite ships WebAssembly and data files).
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pg',
    'pg-boss',
    '@prisma/adapter-pg',
    '@huaweicloud/huaweicloud-sdk-core',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};
