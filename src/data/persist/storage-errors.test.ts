import { describe, expect, it } from 'vitest';
import { describeError } from './storage-errors.ts';
import { openDatabase } from './indexeddb-store.ts';

describe('item 9: storage errors name the cause', () => {
  it('a QuotaExceededError with an empty message says the storage is full', () => {
    const quota = new DOMException('', 'QuotaExceededError');
    expect(quota.message).toBe('');
    expect(describeError(quota)).toMatch(/^the browser's storage for this site is full \(QuotaExceededError\)/);
  });

  it('any other empty message gives the error name, never an empty reason', () => {
    expect(describeError(Object.assign(new Error(''), { name: 'DataError' }))).toBe('DataError (the browser gave no message)');
    expect(describeError(new Error('disk on fire'))).toBe('disk on fire');
  });

  it('an IndexedDB open that never settles is given up after the timeout', async () => {
    const never = { open: () => ({}) } as unknown as IDBFactory;
    await expect(openDatabase(never, 'perfcast', 30)).rejects.toThrow(/did not open within 0\.03 s/);
  });
});
