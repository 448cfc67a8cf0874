import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseLocale, cookieValue, defineMessages, interpolate, localeFromAcceptLanguage, translator, type Messages } from '../../lib/i18n/core';

describe('i18n core', () => {
  it('picks the best supported language from Accept-Language', () => {
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,fr;q=0.9,zh-TW;q=0.8,en;q=0.5')).toBe('zh');
    expect(localeFromAcceptLanguage('fr, en;q=0')).toBe('en');
    expect(localeFromAcceptLanguage('de')).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage(null)).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Call {id} by {who}', { id: 7, who: 'a@b' })).toBe('Call 7 by a@b');
    expect(interpolate('Call {id}', {})).toBe('Call {id}');
    expect(interpolate('{n} left', { n: 0 })).toBe('0 left');
  });

  it('translates, falling back to English and then to the key', () => {
    const m = defineMessages({ en: { hi: 'Hello {name}', only: 'English only' }, zh: { hi: '你好 {name}', only: '' } });
    expect(translator(m, 'zh')('hi', { name: '张三' })).toBe('你好 张三');
    expect(translator(m, 'en')('hi', { name: 'Ann' })).toBe('Hello Ann');
    const broken = { en: { a: 'A' }, zh: {} } as unknown as Messages<'a' | 'b'>;
    expect(translator(broken, 'zh')('a')).toBe('A');
    expect(translator(broken, 'zh')('b')).toBe('b');
  });
});

/** Every message module: the same keys in both languages, no empty text, and the same placeholders in each. */
describe('message catalogues', async () => {
  const dir = path.resolve(__dirname, '../../lib/i18n/messages');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    const mod = (await import(path.join(dir, file))) as { default: Messages };
    it(`${file}: both languages, same keys and placeholders`, () => {
      const { en, zh } = mod.default;
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      for (const key of Object.keys(en)) {
        expect(en[key]!.trim(), `${file} en.${key}`).not.toBe('');
        expect(zh[key]!.trim(), `${file} zh.${key}`).not.toBe('');
        expect(holes(zh[key]!), `${file} zh.${key} placeholders`).toEqual(holes(en[key]!));
      }
    });
  }
});

describe('chooseLocale: the user\'s own choice, else the cookie, else Accept-Language', () => {
  it('a chosen language wins over the browser', () => {
    expect(chooseLocale('zh', 'en', 'en-US')).toBe('zh');
    expect(chooseLocale('en', 'zh', 'zh-CN')).toBe('en');
  });
  it('a user who never chose (null) follows the cookie, then the browser', () => {
    expect(chooseLocale(null, 'zh', 'en-US')).toBe('zh');
    expect(chooseLocale(null, undefined, 'zh-CN,zh;q=0.9')).toBe('zh');
    expect(chooseLocale(undefined, 'fr', 'de, en;q=0.5')).toBe('en');
    expect(chooseLocale('xx', null, null)).toBe('en');
  });
  it('reads one cookie from a Cookie header', () => {
    expect(cookieValue('a=1; locale=zh; b=2', 'locale')).toBe('zh');
    expect(cookieValue('xlocale=zh', 'locale')).toBeUndefined();
    expect(cookieValue(null, 'locale')).toBeUndefined();
  });
});
