import { describe, expect, it } from 'vitest';
import { decodeState } from '../core/share/codec.ts';
import { defaultState } from '../core/share/state.ts';
import { hashForState, paramsWithRoute, parseLocation } from './url-sync.ts';

describe('url-sync address handling', () => {
  it('splits the hash into route and parameters, after any query string', () => {
    expect(parseLocation('', '#/history?s=1&fp=fp16')).toEqual({ route: 'history', params: 's=1&fp=fp16' });
    expect(parseLocation('?v=compare', '')).toEqual({ route: null, params: 'v=compare' });
    expect(parseLocation('?m=power_w', '#/data')).toEqual({ route: 'data', params: 'm=power_w' });
    expect(parseLocation('', '')).toEqual({ route: null, params: '' });
  });

  it('lets the route win over a v parameter', () => {
    expect(paramsWithRoute({ route: 'history', params: 'v=data&fp=fp16' })).toBe('v=history&fp=fp16');
    expect(paramsWithRoute({ route: null, params: 'v=data' })).toBe('v=data');
  });

  it('writes the default state as a bare route and round-trips any other', () => {
    expect(hashForState(defaultState())).toBe('#/data');
    const s = defaultState();
    s.v = 'history';
    s.f.hardware = ['a100', 'h100 sxm'];
    s.o.metric = 'memory_mb';
    s.sel = ['f:abc:1735689600000:step'];
    const hash = hashForState(s);
    expect(hash).toBe('#/history?s=1&fh=a100,h100%20sxm&m=memory_mb&sel=f%3Aabc%3A1735689600000%3Astep');
    const back = decodeState(paramsWithRoute(parseLocation('', hash)), { viewIds: ['data', 'history'] });
    expect(back).toEqual({ state: s, warnings: [] });
  });
});
