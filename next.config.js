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
    // the built-in emulator's tenant IdP (emulator/idp.ts): a Koa app, loaded on its first request
    'oidc-provider',
    // e-mail alerts (lib/alerts/channels.ts)
    'nodemailer',
  ],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests included) once; the build need not do it again
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};
