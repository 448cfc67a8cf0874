import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Next.js' own rules (React, hooks, accessibility, imports) plus its TypeScript rules.
const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // a leading underscore marks a parameter or binding kept on purpose
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    ignores: ['node_modules/**', '.next/**', 'lib/db/generated/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench-results/**', 'data/**'],
  },
];
export default config;
