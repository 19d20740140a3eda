import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { decodeState, encodeState, isDefaultState, KEYS } from './codec.ts';
import { toBase64Url } from './base64url.ts';
import {
  ENUMS, LIMITS, SHARE_VERSION, defaultState, isAxisColumn, isMetric,
  type Camera, type ShareState,
} from './state.ts';

const VIEW_IDS = ['data', 'history', 'hardware', 'heatmap', 'space'];

const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
  fc.constantFrom('bert-base,uncased', '100%', 'a&b=c', '<script>alert(1)</script>', '__proto__', 'x+y z', "o'hara", '%2C', '#/frag?x'),
);
const textList = fc.uniqueArray(text, { maxLength: 8 });
const milli = (lo: number, hi: number) => fc.integer({ min: lo * 1000, max: hi * 1000 }).map((n) => n / 1000);
const camera: fc.Arbitrary<Camera> = fc.record({
  theta: milli(-3, 3),
  phi: milli(0, 3),
  r: milli(1, 1000),
  target: fc.tuple(milli(-100, 100), milli(-100, 100), milli(-100, 100)),
});

const validState: fc.Arbitrary<ShareState> = fc.record({
  v: fc.constantFrom(...VIEW_IDS),
  f: fc.record({
    model: textList,
    hardware: textList,
    precision: fc.uniqueArray(fc.constantFrom(...ENUMS.precision)),
    source: fc.uniqueArray(fc.constantFrom(...ENUMS.source)),
    platform: fc.uniqueArray(fc.constantFrom(...ENUMS.platform)),
    batch: fc.uniqueArray(fc.integer({ min: LIMITS.batchMin, max: LIMITS.batchMax }), { maxLength: 6 }),
  }),
  o: fc.record({
    metric: fc.constantFrom(...ENUMS.metric),
    baseline: fc.option(text, { nil: null }),
    model: fc.option(text, { nil: null }),
    batch: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: null }),
    x: fc.constantFrom(...ENUMS.axis),
    y: fc.constantFrom(...ENUMS.axis),
    z: fc.constantFrom(...ENUMS.axis),
    color: fc.constantFrom(...ENUMS.axis, 'my_extra_column'),
    seqs: fc.uniqueArray(fc.integer({ min: 1, max: 32768 }), { maxLength: 6 }),
  }),
  sel: textList,
  cam: fc.option(camera, { nil: null }),
  ds: fc.option(fc.stringMatching(/^[0-9a-f]{12}$/), { nil: null }),
});

function expectValid(state: ShareState): void {
  expect(typeof state.v).toBe('string');
  for (const p of state.f.precision) expect(ENUMS.precision).toContain(p);
  for (const s of state.f.source) expect(ENUMS.source).toContain(s);
  for (const p of state.f.platform) expect(ENUMS.platform).toContain(p);
  for (const b of state.f.batch) expect(Number.isSafeInteger(b) && b >= LIMITS.batchMin && b <= LIMITS.batchMax).toBe(true);
  for (const list of [state.f.model, state.f.hardware, state.sel]) {
    expect(list.length).toBeLessThanOrEqual(LIMITS.listLength);
    for (const s of list) expect(typeof s === 'string' && s.length > 0 && s.length <= LIMITS.stringLength).toBe(true);
  }
  expect(isMetric(state.o.metric)).toBe(true);
  for (const axis of [state.o.x, state.o.y, state.o.color]) expect(isAxisColumn(axis)).toBe(true);
  if (state.cam) {
    const c = state.cam;
    for (const n of [c.theta, c.phi, c.r, ...c.target]) expect(Number.isFinite(n)).toBe(true);
    expect(c.r).toBeGreaterThan(0);
  }
  expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

describe('share codec', () => {
  it('writes only the version for the default state', () => {
    expect(encodeState(defaultState())).toBe(`s=${SHARE_VERSION}`);
    expect(isDefaultState(defaultState())).toBe(true);
  });

  it('writes short keys for non-default values', () => {
    const s = defaultState();
    s.v = 'history';
    s.f.model = ['bert-base', 'vit,b/16'];
    s.f.precision = ['fp16'];
    s.f.batch = [1, 8];
    s.o.metric = 'throughput_items_s';
    expect(encodeState(s)).toBe('s=1&v=history&fm=bert-base,vit%252Cb%2F16&fp=fp16&fb=1,8&m=throughput_items_s');
    expect(decodeState(encodeState(s))).toEqual({ state: s, warnings: [] });
  });

  it('round-trips any valid state with no warnings', () => {
    fc.assert(fc.property(validState, (state) => {
      const { state: back, warnings } = decodeState(encodeState(state), { viewIds: VIEW_IDS });
      expect(warnings).toEqual([]);
      expect(back).toEqual(state);
    }), { numRuns: 400 });
  });

  it('round-trips through URLSearchParams too', () => {
    fc.assert(fc.property(validState, (state) => {
      const params = new URLSearchParams(encodeState(state));
      expect(decodeState(params, { viewIds: VIEW_IDS }).state).toEqual(state);
    }), { numRuns: 200 });
  });

  it('deflates long free-text lists into z and reads them back', () => {
    const s = defaultState();
    s.f.model = Array.from({ length: 120 }, (_, i) => `model-number-${i}`);
    s.sel = ['a', 'b'];
    const encoded = encodeState(s);
    expect(encoded).toMatch(/(^|&)z=[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain('fm=');
    expect(encoded.length).toBeLessThan(s.f.model.join(',').length);
    expect(decodeState(encoded)).toEqual({ state: s, warnings: [] });
  });

  it('never throws and always returns a valid state on arbitrary input', () => {
    const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ...Object.values(KEYS));
    const hostileValue = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ maxLength: 100, unit: 'binary' }),
      fc.constantFrom('<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '%E0%A4%A', '%', '\u0000', '1e309', 'NaN', '-1', '99999999999999999999', '__proto__', ',,,,', 'a'.repeat(5000)),
    );
    const params = fc.array(fc.tuple(fc.oneof(hostileKey, fc.string({ maxLength: 10 })), hostileValue), { maxLength: 12 })
      .map((entries) => entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
    const raw = fc.oneof(params, fc.string({ maxLength: 500 }), fc.string({ maxLength: 200, unit: 'binary' }));
    fc.assert(fc.property(raw, (input) => {
      const { state, warnings } = decodeState(input, { viewIds: VIEW_IDS });
      expectValid(state);
      expect(VIEW_IDS).toContain(state.v);
      for (const w of warnings) expect(typeof w).toBe('string');
    }), { numRuns: 1500 });
  });

  it('degrades a hostile link to defaults with warnings', () => {
    const { state, warnings } = decodeState(
      'v=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&fp=fp16,<b>x</b>&fb=0,abc,8&m=DROP&__proto__[polluted]=1&cam=1,2',
      { viewIds: VIEW_IDS },
    );
    expect(state.v).toBe('data');
    expect(state.f.precision).toEqual(['fp16']);
    expect(state.f.batch).toEqual([1, 8]);
    expect(state.o.metric).toBe('latency_ms');
    expect(state.cam).toBeNull();
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    expect(warnings.join('\n')).toContain('view that does not exist');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores a hostile compressed part: garbage, wrong shape, prototype keys, decompression bombs', () => {
    const z = (value: unknown) => toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(value))));
    const cases = [
      'z=!!!notbase64',
      'z=AAAA',
      `z=${z({ __proto__: { polluted: 1 }, constructor: ['x'] })}`,
      `z=${z([1, 2, 3])}`,
      `z=${z({ fm: [1, {}, 'ok'] })}`,
      `z=${toBase64Url(deflateSync(new Uint8Array(10_000_000)))}`,
    ];
    for (const input of cases) {
      const { state, warnings } = decodeState(input);
      expectValid(state);
      expect(warnings.length).toBeGreaterThan(0);
    }
    expect(decodeState(`z=${z({ fm: [1, {}, 'ok'] })}`).state.f.model).toEqual(['ok']);
  });

  it('clamps numbers and limits strings', () => {
    const long = 'm'.repeat(LIMITS.stringLength + 1);
    const { state, warnings } = decodeState(`fb=0,2000000&b=0&fm=${long},ok&cam=10,9,0,1e9,0,0`);
    expect(state.f.batch).toEqual([LIMITS.batchMin, LIMITS.batchMax]);
    expect(state.o.batch).toBe(LIMITS.batchMin);
    expect(state.f.model).toEqual(['ok']);
    expect(state.cam).toEqual({ theta: Number((10 - 4 * Math.PI).toFixed(3)), phi: Math.PI, r: LIMITS.cameraRadiusMin, target: [LIMITS.cameraTargetAbs, 0, 0] });
    expect(warnings.length).toBeGreaterThanOrEqual(4);
  });

  it('wraps a camera azimuth past ±pi without a warning (it is the same view)', () => {
    const s = defaultState();
    s.cam = { theta: 7.5, phi: 1, r: 2, target: [0, 0, 0] };
    const { state, warnings } = decodeState(encodeState(s));
    expect(warnings).toEqual([]);
    expect(state.cam?.theta).toBeCloseTo(7.5 - 2 * Math.PI, 3);
  });

  it('migrates version 0 (view-only) links and warns about newer or retired versions', () => {
    expect(decodeState('s=0&v=history&fp=fp16', { viewIds: VIEW_IDS })).toMatchObject({
      state: { v: 'history', f: { precision: [] } },
      warnings: [expect.stringContaining('version 0 links carry only the view')],
    });
    const newer = decodeState('s=7&v=history&fp=fp16&q=1', { viewIds: VIEW_IDS });
    expect(newer.state.v).toBe('history');
    expect(newer.state.f.precision).toEqual(['fp16']);
    expect(newer.warnings[0]).toContain('newer Perfcast');
    const unreadable = decodeState('s=abc&v=history');
    expect(unreadable.state.v).toBe('history');
    expect(unreadable.warnings[0]).toContain('Unreadable link version');
  });

  it('reports unknown keys and duplicates', () => {
    const { state, warnings } = decodeState('v=history&v=data&zzz=1', { viewIds: VIEW_IDS });
    expect(state.v).toBe('history');
    expect(warnings).toEqual([
      'Link parameter "v" appears more than once; used the first.',
      'Ignored unknown link parameter "zzz".',
    ]);
  });

  it("leaves the Run view's one-shot plan parameters to the Run view, without a warning", () => {
    const { state, warnings } = decodeState('v=run&plan=%7B%7D&autostart=1', { viewIds: [...VIEW_IDS, 'run'] });
    expect(state.v).toBe('run');
    expect(warnings).toEqual([]);
  });
});
