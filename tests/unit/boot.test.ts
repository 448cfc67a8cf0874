import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '@/lib/config';

const close = vi.fn(async () => undefined);
vi.mock('@/lib/runtime', () => ({
  getRuntime: async () => ({ config: loadConfig({ PORT: '4321' }), close }),
}));

const { boot, signInNotice } = await import('@/lib/boot');

describe('boot', () => {
  // only the handlers boot() adds, not the test runner's own
  const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  afterEach(() => {
    vi.restoreAllMocks();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.off(signal, l);
    }
  });

  it('formats the sign-in line from PUBLIC_URL, or http://localhost:$PORT without it', () => {
    expect(signInNotice(loadConfig({ PORT: '4321' }).publicUrl)).toBe('Sign in at http://localhost:4321/login\n');
    expect(signInNotice(loadConfig({ PUBLIC_URL: 'https://seller.example.com/' }).publicUrl)).toBe('Sign in at https://seller.example.com/login\n');
  });

  it('prints the sign-in line once the runtime is ready, as plain text on stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await boot();
    expect(write.mock.calls.map((c) => String(c[0]))).toEqual(['Sign in at http://localhost:4321/login\n']);
  });
});
