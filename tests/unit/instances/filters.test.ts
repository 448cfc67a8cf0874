import { describe, expect, it } from 'vitest';
import { filtersToSearch, parseInstanceFilters } from '../../../lib/instances/filters';

describe('instance list filters in the URL', () => {
  it('parses known values and drops unknown or malformed ones', () => {
    expect(parseInstanceFilters(new URLSearchParams('q=%20CS123%20&status=frozen&chargingMode=PERIOD&test=real&sort=expire&dir=asc&page=2&limit=50'))).toEqual({
      q: 'CS123',
      status: 'frozen',
      chargingMode: 'PERIOD',
      test: 'real',
      sort: 'expire',
      dir: 'asc',
      page: 2,
      limit: 50,
    });
    expect(parseInstanceFilters({ status: 'melted', sort: 'drop table', page: '-1', limit: '1000', test: ['test', 'real'], q: '' })).toEqual({ test: 'test' });
  });

  it('round-trips, leaving defaults out', () => {
    const f = { q: 'a b', status: 'active' as const, page: 3 };
    expect(parseInstanceFilters(new URLSearchParams(filtersToSearch(f)))).toEqual(f);
    expect(filtersToSearch({ page: 1, limit: 25 })).toBe('');
  });
});
