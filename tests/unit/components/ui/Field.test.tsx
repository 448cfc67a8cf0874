// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Field, INPUT_CLASS } from '@/components/ui/Field';
import { render, type Rendered } from './render';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

const described = (el: Element) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent);

describe('Field', () => {
  it('labels its control and describes it by the hint', async () => {
    view = await render(
      <Field label="Product ID" hint="As in the product page URL">
        <input name="productId" />
      </Field>,
    );
    const input = view.container.querySelector('input')!;
    const label = view.container.querySelector('label')!;
    expect(input.id).not.toBe('');
    expect(label.htmlFor).toBe(input.id);
    expect(described(input)).toEqual(['As in the product page URL']);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(input.className).toBe(INPUT_CLASS);
  });

  it('marks the control invalid and describes it by hint and error', async () => {
    view = await render(
      <Field label="E-mail" hint="Their sign-in name" error="Not an e-mail address" required>
        <input id="email" className="w-40" aria-describedby="own" />
      </Field>,
    );
    const input = view.container.querySelector('input')!;
    expect(input.id).toBe('email');
    expect(view.container.querySelector('label')!.htmlFor).toBe('email');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-required')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('own email-hint email-error');
    expect(described(input).slice(1)).toEqual(['Their sign-in name', 'Not an e-mail address']);
    // its own class stays, with the invalid look added
    expect(input.className).toMatch(/^w-40 .*border-red-600/);
  });

  it('hands the same wiring to a render prop', async () => {
    view = await render(
      <Field label="Status" error="Pick one">
        {(control) => (
          <select {...control} name="status">
            <option value="">any</option>
          </select>
        )}
      </Field>,
    );
    const select = view.container.querySelector('select')!;
    expect(view.container.querySelector('label')!.htmlFor).toBe(select.id);
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(described(select)).toEqual(['Pick one']);
  });
});
