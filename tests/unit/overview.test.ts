import { describe, expect, it } from 'vitest';
import { configWarningList, loadConfig } from '@/lib/config';
import { overviewWarnings } from '@/lib/overview';

describe('overviewWarnings', () => {
  it('puts a missing MARKETPLACE_KEY first and on its own', () => {
    const list = configWarningList(loadConfig({ PROVISIONER: 'webhook' }));
    expect(list.map((w) => w.code)).toContain('noKey');
    const { noKey, others } = overviewWarnings(list);
    expect(noKey).toEqual({ code: 'noKey' });
    expect(others.map((w) => w.code)).toEqual(list.filter((w) => w.code !== 'noKey').map((w) => w.code));
    expect(others.length).toBeGreaterThan(0);
  });

  it('has no key warning once MARKETPLACE_KEY is set', () => {
    const list = configWarningList(loadConfig({ MARKETPLACE_KEY: 'k' }));
    const { noKey, others } = overviewWarnings(list);
    expect(noKey).toBeUndefined();
    expect(others).toEqual(list);
  });
});
