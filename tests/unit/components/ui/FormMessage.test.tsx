import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormMessage } from '@/components/ui/FormMessage';

describe('FormMessage', () => {
  it('announces an error at once, and a notice politely', () => {
    expect(renderToStaticMarkup(<FormMessage error="Choose a file first." />)).toMatch(/^<p role="alert"[^>]*>Choose a file first\.<\/p>$/);
    expect(renderToStaticMarkup(<FormMessage notice="Delivery confirmed." />)).toMatch(/^<p role="status"[^>]*>Delivery confirmed\.<\/p>$/);
  });

  it('says only the error while there is one, and nothing without either', () => {
    const both = renderToStaticMarkup(<FormMessage error="Refused." notice="Done." />);
    expect(both).toContain('Refused.');
    expect(both).not.toContain('Done.');
    expect(renderToStaticMarkup(<FormMessage />)).toBe('');
  });
});
