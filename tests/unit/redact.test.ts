import { describe, expect, it } from 'vitest';
import { isLicenceCodeName, isPersonalName, isSecretName, isViewerMaskedName, maskPersonalQuery, maskPersonalUrl, redactBody, redactHeaders, redactQuery, redactUrl } from '@/lib/redact';

describe('redactBody', () => {
  it('masks password/secret fields nested in objects and arrays, keeps the rest', () => {
    const body = {
      resultCode: '000000',
      resultMsg: 'success.',
      info: [
        {
          instanceId: 'i-1',
          appInfo: { frontEndUrl: 'https://app.example.com/t/abc', userName: 'admin', password: 'Init#2024', memo: 'hello' },
        },
        { instanceId: 'i-2', appInfo: { password: 'Second#2024' } },
      ],
      kit: { clientSecret: 'cs-1', secret: 's-1', sk: 'sk-1', accessKey: 'ak-1', key: 'k-1', token: 't-1', authToken: 'at-1' },
      list: [['nested', { adminPassword: 'ap-1' }]],
    };
    const out = JSON.parse(redactBody(JSON.stringify(body))!);
    expect(out).toEqual({
      resultCode: '000000',
      resultMsg: 'success.',
      info: [
        { instanceId: 'i-1', appInfo: { frontEndUrl: 'https://app.example.com/t/abc', userName: 'admin', password: '***', memo: 'hello' } },
        { instanceId: 'i-2', appInfo: { password: '***' } },
      ],
      kit: { clientSecret: '***', secret: '***', sk: '***', accessKey: '***', key: '***', token: '***', authToken: '***' },
      list: [['nested', { adminPassword: '***' }]],
    });
  });

  it('matches field names case-insensitively', () => {
    expect(JSON.parse(redactBody('{"PassWord":"p","SECRET":"s"}')!)).toEqual({ PassWord: '***', SECRET: '***' });
  });

  it('does not mask fields that merely contain a secret word', () => {
    const body = { passwordHint: 'h', keyboard: 'k', monkey: 'm', orderId: 'CS1', businessId: 'b', nonce: 'n' };
    expect(JSON.parse(redactBody(JSON.stringify(body))!)).toEqual(body);
  });

  it('keeps empty secret strings as they are (nothing to hide)', () => {
    expect(JSON.parse(redactBody('{"password":""}')!)).toEqual({ password: '' });
  });

  it('the stored body never contains the secret value', () => {
    const out = redactBody('{"a":{"b":[{"password":"hunter2-very-secret"}]}}')!;
    expect(out).not.toContain('hunter2');
  });

  it('keeps a non-JSON body as received', () => {
    expect(redactBody('activity=newInstance&password=x')).toBe('activity=newInstance&password=x');
    expect(redactBody('{"broken":')).toBe('{"broken":');
    expect(redactBody('')).toBe('');
  });

  // Bug: only non-empty *string* values of a secret field are masked. Failing case:
  // redactBody('{"password":123456,"secret":{"v":"x"},"token":["abc"]}') returns the input unchanged,
  // expected {"password":"***","secret":"***","token":"***"} (lib/log.ts redact() masks such values).
  it('masks a secret field whose value is a number, object or array', () => {
    expect(JSON.parse(redactBody('{"password":123456,"secret":{"v":"x"},"token":["abc"],"name":"n"}')!)).toEqual({
      password: '***',
      secret: '***',
      token: '***',
      name: 'n',
    });
  });

  it('null and undefined become null', () => {
    expect(redactBody(null)).toBeNull();
    expect(redactBody(undefined)).toBeNull();
  });

  it('keeps JSON scalars', () => {
    expect(redactBody('42')).toBe('42');
    expect(redactBody('"text"')).toBe('"text"');
  });

  it('keeps a body of exactly 64 KiB whole', () => {
    const s = 'x'.repeat(64 * 1024);
    expect(redactBody(s)).toBe(s);
  });

  it('truncates over 64 KiB with a marker giving the number of characters dropped', () => {
    const s = 'y'.repeat(64 * 1024 + 100);
    const out = redactBody(s)!;
    expect(out.startsWith('y'.repeat(64 * 1024))).toBe(true);
    expect(out.slice(64 * 1024)).toBe('…[truncated 100 chars]');
  });

  it('truncates a large JSON body after redacting it', () => {
    const big = JSON.stringify({ password: 'p-secret', pad: 'z'.repeat(70_000) });
    const out = redactBody(big)!;
    expect(out).toMatch(/^\{"password":"\*\*\*","pad":"z+…\[truncated \d+ chars\]$/);
    expect(out).not.toContain('p-secret');
  });
});

describe('redactHeaders', () => {
  const AUTH =
    'SDK-HMAC-SHA256 Access=HPUAEXAMPLEACCESSKEY12, SignedHeaders=content-type;host;x-sdk-date, Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

  it('APIG Authorization: keeps SignedHeaders, masks Access, drops the Signature', () => {
    const out = redactHeaders({ Authorization: AUTH })!;
    expect(out.Authorization).toBe('SDK-HMAC-SHA256 Access=HPUA…***, SignedHeaders=content-type;host;x-sdk-date, Signature=***');
    expect(out.Authorization).not.toContain('EXAMPLEACCESSKEY');
    expect(out.Authorization).not.toContain('0f1e2d3c');
  });

  it('works whatever the header name case', () => {
    expect(redactHeaders({ authorization: AUTH })!.authorization).toContain('Signature=***');
  });

  it('masks any other Authorization value', () => {
    expect(redactHeaders({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig' })!.authorization).toBe('Bear…***');
  });

  it('masks webhook-signature and the other secret headers', () => {
    const out = redactHeaders({
      'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDDlF9Kk0=',
      Cookie: 'next-auth.session-token=abcdefghijklmnop',
      'x-sign': 'DCBE63BCC82E792BC0B4B61171CD64B69609BA1CFA72C76623F1207EA77117DA',
      'X-Api-Key': 'short',
    })!;
    expect(out['webhook-signature']).toBe('v1,K…***');
    expect(out.Cookie).toBe('next…***');
    expect(out['x-sign']).toBe('DCBE…***');
    expect(out['X-Api-Key']).toBe('***');
  });

  it('keeps ordinary headers', () => {
    const h = {
      'content-type': 'application/json;charset=utf8',
      'x-sdk-date': '20240101T000000Z',
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1680508066',
      host: 'seller.example.com',
    };
    expect(redactHeaders(h)).toEqual(h);
  });

  it('null for no headers', () => {
    expect(redactHeaders(null)).toBeNull();
    expect(redactHeaders(undefined)).toBeNull();
  });
});

describe('redactQuery', () => {
  it('shortens the signature to 4 characters and a marker, keeps the rest', () => {
    const q = {
      signature: '62E90CD8E07B3F168F232D9099789AAB7BA6ECCE7D5977652F689BEC1B64D13F',
      timestamp: '1680508066618',
      nonce: '50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA',
    };
    expect(redactQuery(q)).toEqual({ signature: '62E9…***', timestamp: q.timestamp, nonce: q.nonce });
  });

  it('does not modify the query it was given', () => {
    const q = { signature: '62E90CD8E07B3F168F232D9099789AAB' };
    redactQuery(q);
    expect(q.signature).toBe('62E90CD8E07B3F168F232D9099789AAB');
  });

  it('keeps queries without a signature', () => {
    expect(redactQuery({ orderId: 'CS1' })).toEqual({ orderId: 'CS1' });
  });

  it('null for no query', () => {
    expect(redactQuery(null)).toBeNull();
  });
});

describe('redactUrl', () => {
  it('masks the signature and authToken in a stored URL, keeps the rest', () => {
    const sig = 'DD8ABAAD554C6807EE64ACAC74E04A04181346AC7A1A295F134EDB70436D13EF';
    expect(redactUrl(`/api/produce?signature=${sig}&timestamp=1&nonce=AB`)).toBe('/api/produce?signature=DD8A%E2%80%A6***&timestamp=1&nonce=AB');
    expect(redactUrl('/v1?a=1&authToken=abc%2Bdefghijk')).toBe('/v1?a=1&authToken=abc%2B%E2%80%A6***');
    expect(redactUrl('/api/produce')).toBe('/api/produce');
    expect(redactUrl('/x?sig=1&signature=short')).toBe('/x?sig=1&signature=***');
    const once = redactUrl(`/api/produce?signature=${sig}`);
    expect(redactUrl(once)).toBe(once);
  });
});

describe('redaction by pattern (issue 6)', () => {
  it.each(['accessKeySecret', 'apiKey', 'APIKey', 'x-api-key', 'passwd', 'pwd', 'admin_password', 'privateKey', 'refresh_token', 'clientSecret', 'MARKETPLACE_KEY'])(
    'masks %s',
    (name) => {
      const out = redactBody(JSON.stringify({ [name]: 'the-secret-value', keep: 'v' }))!;
      expect(out).not.toContain('the-secret-value');
      expect(JSON.parse(out)).toEqual({ [name]: '***', keep: 'v' });
    },
  );

  it.each(['skuCode', 'keyId', 'keys', 'signatureVerdict', 'passwordHint', 'tokenType', 'desk', 'task', 'nonce', 'monkey', 'keyboard'])('keeps %s', (name) => {
    expect(JSON.parse(redactBody(JSON.stringify({ [name]: 'plain' }))!)).toEqual({ [name]: 'plain' });
  });

  it('keeps every key, __proto__ included, and the bytes as they arrived', () => {
    const raw = '{ "b":1,  "__proto__":{"x":1}, "a" : [ {"password" : "p1"} ], "b":2 }';
    expect(redactBody(raw)).toBe('{ "b":1,  "__proto__":{"x":1}, "a" : [ {"password" : "***"} ], "b":2 }');
  });

  it('masks a secret in broken JSON too, including one cut off at the end', () => {
    expect(redactBody('{"a":1 "password":"hunter2", oops')).toBe('{"a":1 "password":"***", oops');
    expect(redactBody('{"x":{"secret":"abcdef')).toBe('{"x":{"secret":"***"');
    expect(redactBody('{"token":{"a":[1,2')).toBe('{"token":"***"');
  });

  it('keeps a secret key whose value is null or empty', () => {
    expect(redactBody('{"password":null,"secret":""}')).toBe('{"password":null,"secret":""}');
  });

  it('reads only as far as it writes: a short limit on a huge body is cheap and still masks', () => {
    const huge = '{"password":"p-secret","pad":"' + 'z'.repeat(900_000) + '"}';
    const started = performance.now();
    const out = redactBody(huge, 1024)!;
    expect(performance.now() - started).toBeLessThan(50);
    expect(out).toMatch(/^\{"password":"\*\*\*","pad":"z+…\[truncated \d+ chars\]$/);
    expect(out).not.toContain('p-secret');
  });

  it('is iterative: a body nested 100,000 levels deep is handled', () => {
    const deep = '['.repeat(100_000) + '{"secret":"s"}' + ']'.repeat(100_000);
    expect(redactBody(deep, 1e6)).toBe('['.repeat(100_000) + '{"secret":"***"}' + ']'.repeat(100_000));
  });
});

describe('isSecretName', () => {
  it('applies to headers and queries too', () => {
    expect(isSecretName('X-Api-Key')).toBe(true);
    expect(isSecretName('content-type')).toBe(false);
    expect(redactQuery({ accessKeySecret: 'abcdefghijkl', nonce: 'n' })).toEqual({ accessKeySecret: 'abcd…***', nonce: 'n' });
    expect(redactHeaders({ 'x-auth-token': 'abcdefghijkl', accept: '*/*' })).toEqual({ 'x-auth-token': 'abcd…***', accept: '*/*' });
  });

  it('keeps a __proto__ query parameter as an own key', () => {
    const q = JSON.parse('{"__proto__":"x","a":"1"}') as Record<string, unknown>;
    expect(Object.keys(redactQuery(q)!)).toEqual(['__proto__', 'a']);
  });
});

describe('personal data for viewers (issue 9)', () => {
  it('names a buyer\'s contact fields, not look-alikes', () => {
    for (const n of ['email', 'Email', 'mobile', 'mobilePhone', 'mobile_phone', 'phone', 'tel']) expect(isPersonalName(n), n).toBe(true);
    for (const n of ['emailVerified', 'mobileRegion', 'userName', 'name', 'telemetry']) expect(isPersonalName(n), n).toBe(false);
  });
  it('redactBody with that rule masks them wherever they are, and keeps the rest', () => {
    const body = '{"buyerInfo":{"customerId":"c1","email":"a@b.cn","mobilePhone":"13800000000"},"userList":[{"userName":"li","mobile":"139"}]}';
    expect(redactBody(body, Infinity, isPersonalName)).toBe('{"buyerInfo":{"customerId":"c1","email":"***","mobilePhone":"***"},"userList":[{"userName":"li","mobile":"***"}]}');
  });
});

describe('licence codes for viewers (issue 10)', () => {
  it('names the licence-code fields, not look-alikes; a viewer sees neither them nor personal data', () => {
    for (const n of ['license', 'License', 'licence', 'licenseCode', 'licence_code']) expect(isLicenceCodeName(n), n).toBe(true);
    for (const n of ['licenseType', 'licences', 'license_code_info', 'deviceFingerprint']) expect(isLicenceCodeName(n), n).toBe(false);
    const body = '{"activity":"releaseLicenseCode","license":"LIC-8F2A","orderId":"CS1","email":"a@b.cn"}';
    expect(redactBody(body, Infinity, isViewerMaskedName)).toBe('{"activity":"releaseLicenseCode","license":"***","orderId":"CS1","email":"***"}');
    // not a secret: the call log keeps it for support and re-invocation
    expect(isSecretName('license')).toBe(false);
  });
});

describe('personal data in a query for viewers (a V1 call, spec §4.4)', () => {
  it('masks mobilePhone and email in the query and the URL, and keeps the rest', () => {
    expect(maskPersonalQuery({ activity: 'newInstance', mobilePhone: 'AbCd1234', email: 'x', customerId: 'c', empty: '' })).toEqual({
      activity: 'newInstance',
      mobilePhone: '***',
      email: '***',
      customerId: 'c',
      empty: '',
    });
    expect(maskPersonalUrl('/api/produce?activity=newInstance&mobilePhone=AbCd%2B12&email=x&customerId=c')).toBe('/api/produce?activity=newInstance&mobilePhone=***&email=***&customerId=c');
  });
});
