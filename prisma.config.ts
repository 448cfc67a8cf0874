import { defineConfig } from 'prisma/config';

// Prisma 7 reads the datasource URL from here. It must not throw without DATABASE_URL (generate needs no database).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://placeholder@localhost:5432/placeholder' },
});
