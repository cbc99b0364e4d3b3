import { describe, expect, it } from 'vitest';
import { startRequest } from './urlState';

describe('startRequest', () => {
  it('loads the default bundle next to the app when no ?bundle= is given', () => {
    expect(startRequest('http://localhost:4173/', '/')).toEqual({
      source: { kind: 'url', url: 'http://localhost:4173/models/lexvla-tiny/' },
      backend: null,
      variant: null,
    });
    expect(startRequest('http://h/app/index.html', '/app/').source).toEqual({ kind: 'url', url: 'http://h/app/models/lexvla-tiny/' });
  });
  it('takes ?bundle= (relative or absolute) and a valid ?backend=', () => {
    expect(startRequest('http://h/?bundle=/models/color-fixture&backend=wasm', '/')).toEqual({
      source: { kind: 'url', url: 'http://h/models/color-fixture/' },
      backend: 'wasm',
      variant: null,
    });
    expect(startRequest('http://h/?bundle=http://h/x.zip&backend=gpu', '/').backend).toBeNull();
  });
  it('takes ?variant= as the vision graph to run (checked against the bundle once it loads)', () => {
    expect(startRequest('http://h/?bundle=/models/b/&variant=int8', '/').variant).toBe('int8');
    expect(startRequest('http://h/?bundle=/models/b/&variant=', '/').variant).toBeNull();
  });
});
