import { describe, expect, it } from 'vitest';
import { maskPersonal, orgTree } from '../../../lib/kit/queries';
import { parseTenantUserFilters, tenantUserSearch } from '../../../lib/kit/tenantFilters';

describe('orgTree', () => {
  it('nests by parentCode, children in orgCode order; unknown parents are roots', () => {
    const tree = orgTree([
      { orgCode: 'rd-2', orgName: 'R&D 2', parentCode: 'rd' },
      { orgCode: 'rd', orgName: 'R&D', parentCode: 'root' },
      { orgCode: 'root', orgName: 'Company', parentCode: null },
      { orgCode: 'rd-1', orgName: 'R&D 1', parentCode: 'rd' },
      { orgCode: 'lost', orgName: 'Orphan', parentCode: 'gone' },
    ]);
    expect(tree.map((n) => n.orgCode)).toEqual(['lost', 'root']);
    expect(tree[1]!.children[0]!.children.map((n) => n.orgCode)).toEqual(['rd-1', 'rd-2']);
  });

  it('breaks cycles and self-parents into roots instead of losing nodes', () => {
    const tree = orgTree([
      { orgCode: 'a', orgName: null, parentCode: 'b' },
      { orgCode: 'b', orgName: null, parentCode: 'a' },
      { orgCode: 'c', orgName: null, parentCode: 'c' },
    ]);
    const count = (ns: typeof tree): number => ns.reduce((n, x) => n + 1 + count(x.children), 0);
    expect(count(tree)).toBe(3);
    expect(tree.map((n) => n.orgCode)).toContain('c');
  });
});

describe('maskPersonal', () => {
  const u = { userName: 'zhang', mobile: '13800000000', email: 'z@example.com', name: 'Zhang' };
  it('masks mobile and e-mail for viewers only', () => {
    expect(maskPersonal(u, 'viewer')).toEqual({ userName: 'zhang', mobile: '***', email: '***', name: 'Zhang' });
    expect(maskPersonal(u, 'support')).toEqual(u);
    expect(maskPersonal(u, 'admin')).toEqual(u);
  });
  it('leaves empty values empty', () => {
    expect(maskPersonal({ mobile: null, email: '' }, 'viewer')).toEqual({ mobile: null, email: '' });
  });
});

describe('tenant user filters', () => {
  it('reads known values and drops unknown ones', () => {
    expect(parseTenantUserFilters({ q: ' zh ', role: 'admin', enabled: 'false', status: 'deauthorised', page: '2', appId: 'a' })).toEqual({
      q: 'zh', appId: 'a', role: 'admin', enabled: false, status: 'deauthorised', page: 2,
    });
    expect(parseTenantUserFilters(new URLSearchParams('role=root&enabled=maybe&status=x&page=-1'))).toEqual({
      q: undefined, appId: undefined, role: undefined, enabled: undefined, status: undefined, page: undefined,
    });
  });
  it('round-trips through the URL search', () => {
    const f = { q: 'a b', role: 'user' as const, enabled: true, page: 3 };
    expect(parseTenantUserFilters(new URLSearchParams(tenantUserSearch(f)))).toMatchObject(f);
    expect(tenantUserSearch({})).toBe('');
  });
});
