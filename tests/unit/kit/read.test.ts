import { describe, expect, it } from 'vitest';
import type { KitOrgRow, KitUserRow } from '../../../lib/kit/queries';
import { decodeCursor, encodeCursor, orgTree, parseUsersQuery, userJson, type OrgNode } from '../../../lib/kit/read';

const q = (s: string) => new URLSearchParams(s);
const at = new Date('2026-01-01T00:00:00Z');
const org = (orgCode: string, parentCode: string | null): KitOrgRow => ({ orgCode, orgName: `Org ${orgCode}`, parentCode, deleted: false, changedAt: at });

describe('the directory read API: queries and shapes', () => {
  it('parses the users query with defaults, and names the parameter at fault', () => {
    expect(parseUsersQuery(q(''))).toEqual({ ok: { instanceId: undefined, limit: 50, after: undefined, appId: undefined, orgCode: undefined, enabled: undefined, includeInactive: false } });
    const cursor = encodeCursor('app-1', 'zhang.san');
    expect(parseUsersQuery(q(`limit=200&cursor=${cursor}&appId=app-1&orgCode=rd&enabled=false&includeInactive=true&instanceId=i1`))).toEqual({
      ok: { instanceId: 'i1', limit: 200, after: ['app-1', 'zhang.san'], appId: 'app-1', orgCode: 'rd', enabled: false, includeInactive: true },
    });
    for (const [s, name] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['cursor=nope', 'cursor'],
      ['cursor=' + Buffer.from('[1,2]').toString('base64url'), 'cursor'],
      ['enabled=yes', 'enabled'],
      ['includeInactive=1', 'includeInactive'],
      ['appId=', 'appId'],
      ['orgCode=' + 'x'.repeat(65), 'orgCode'],
      ['instanceId=', 'instanceId'],
    ]) {
      const r = parseUsersQuery(q(s!));
      expect('error' in r && r.error.startsWith(name!), s).toBe(true);
    }
  });

  it('round-trips a cursor, any characters included', () => {
    expect(decodeCursor(encodeCursor('a/p?p', 'user 名 "x"'))).toEqual(['a/p?p', 'user 名 "x"']);
    expect(decodeCursor('')).toBeUndefined();
  });

  it('shapes a user SCIM-like: active only when authorised and enabled, mail and mobile as lists', () => {
    const u: KitUserRow = {
      appId: 'app-1', userName: 'z', name: 'Zhang', orgCode: 'rd', position: 'engineer', employeeCode: 'E1', employeeType: 1, role: 'admin',
      enabled: true, mobile: '138', email: 'z@example.com', workPlace: 'SZ', status: 'active', changedAt: at,
    };
    expect(userJson(u)).toMatchObject({
      id: 'app-1:z', userName: 'z', displayName: 'Zhang', active: true, title: 'engineer', employeeNumber: 'E1',
      emails: [{ value: 'z@example.com', primary: true }], phoneNumbers: [{ value: '138', type: 'mobile' }], updatedAt: at.toISOString(),
    });
    expect(userJson({ ...u, enabled: false }).active).toBe(false);
    expect(userJson({ ...u, status: 'deauthorised' }).active).toBe(false);
    expect(userJson({ ...u, email: null, mobile: null })).toMatchObject({ emails: [], phoneNumbers: [] });
  });

  it('nests the tree: unknown parents make roots, children in order, a cycle neither hangs nor loses a node', () => {
    const tree = orgTree([org('a', 'a'), org('b', 'a'), org('c', 'b'), org('d', 'a'), org('e', 'missing'), org('x', 'y'), org('y', 'x')]);
    const codes = (nodes: typeof tree): unknown => nodes.map((n) => (n.children?.length ? { [n.orgCode]: codes(n.children) } : n.orgCode));
    expect(codes(tree)).toEqual([{ a: [{ b: ['c'] }, 'd'] }, 'e', { x: ['y'] }]);
    expect(tree[0]).toMatchObject({ orgCode: 'a', name: 'Org a', parentCode: 'a' });
  });

  it('builds a deep chain without recursion limits', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => org(`n${i}`, i ? `n${i - 1}` : null));
    let node: OrgNode | undefined = orgTree(chain)[0];
    let depth = 0;
    while (node) {
      depth++;
      node = node.children?.[0];
    }
    expect(depth).toBe(20_000);
  });
});

describe('directory event transitions', () => {
  it('created, updated, deleted or deauthorised, and nothing when the row neither was nor is live', async () => {
    const { transition } = await import('../../../lib/kit/events');
    expect(transition('tenant', undefined, true)).toBe('tenant.created');
    expect(transition('tenant', false, true)).toBe('tenant.created');
    expect(transition('tenant', true, true)).toBe('tenant.updated');
    expect(transition('tenant', true, false)).toBe('tenant.deleted');
    expect(transition('tenant', false, false)).toBeUndefined();
    expect(transition('org', undefined, false)).toBeUndefined();
    expect(transition('user', true, false, 'deauthorised')).toBe('user.deauthorised');
    expect(transition('user', true, false, 'deleted')).toBe('user.deleted');
    expect(transition('application', true, false, 'deauthorised')).toBe('application.deleted');
  });
});
