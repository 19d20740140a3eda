import { describe, expect, it } from 'vitest';
import { browserName, detectCapabilities, detectWebGpu, detectWebNn } from './capabilities.ts';

describe('capability detection', () => {
  it('reports WebGPU missing, adapterless, and a software fallback adapter', async () => {
    expect((await detectWebGpu({})).capability).toEqual({ available: false, reason: expect.stringMatching(/^navigator.gpu missing/) });
    expect((await detectWebGpu({ gpu: { requestAdapter: async () => null } })).capability.reason).toBe('navigator.gpu.requestAdapter() returned no adapter');
    const swiftshader = await detectWebGpu({
      gpu: { requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true } }) },
    });
    expect(swiftshader.capability.available).toBe(true);
    expect(swiftshader.capability.reason).toMatch(/software fallback adapter \(google swiftshader\)/);
    expect(swiftshader.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
  });

  it('reports why WebNN is unavailable', async () => {
    expect((await detectWebNn({})).reason).toMatch(/^navigator.ml missing/);
    const failing = await detectWebNn({ ml: { createContext: async () => { throw new DOMException('WebNN is not supported on this platform.', 'NotSupportedError'); } } });
    expect(failing).toEqual({ available: false, reason: 'navigator.ml.createContext() failed: NotSupportedError: WebNN is not supported on this platform.' });
    expect((await detectWebNn({ ml: { createContext: async () => ({}) } })).available).toBe(true);
  });

  it('allows wasm threads only when crossOriginIsolated', async () => {
    const nav = { hardwareConcurrency: 8, userAgent: 'Mozilla/5.0 HeadlessChrome/140.0.7339.185 Safari/537.36' };
    expect((await detectCapabilities({ navigator: nav, crossOriginIsolated: false })).maxThreads).toBe(1);
    const isolated = await detectCapabilities({ navigator: nav, crossOriginIsolated: true });
    expect(isolated.maxThreads).toBe(8);
    expect(isolated.providers.wasm.reason).toMatch(/up to 8 threads/);
  });

  it('names the browser from client hints or the user agent', () => {
    expect(browserName({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' })).toBe('Firefox 128.0');
    expect(browserName({
      userAgent: 'Mozilla/5.0 HeadlessChrome/140.0.7339.185 Safari/537.36',
      userAgentData: { brands: [{ brand: 'Not=A?Brand', version: '24' }, { brand: 'Chromium', version: '140' }] },
    })).toBe('Chromium 140.0.7339.185 (headless)');
  });
});
