/**
 * Keeps the view store and the URL in step. The URL is `#/<view>?<codec parameters>`: the route part
 * is what App.tsx navigates by, the parameters are encodeState's output without the view. The store
 * is the source of truth; the URL is written from it (debounced replaceState; a pushed entry when the
 * view changes, so Back returns to the previous view) and read into it on load and when the user
 * edits or pastes the address.
 */
import { useEffect } from 'react';
import { decodeState, encodeState } from '../core/share/codec.ts';
import { columnCountsSql, datasetHashFromSummary, datasetSummarySql, nonEmptyColumns, type ColumnType } from '../core/share/hash.ts';
import type { ShareState } from '../core/share/state.ts';
import { IMPORT_ID } from '../data/store/record-store.ts';
import { useDataStore } from './stores/data.ts';
import { shareableState, useViewStore } from './stores/view.ts';

const WRITE_DELAY_MS = 250;
const DATASET_CHECK_DELAY_MS = 1500;
const RECORDS_TABLE = 'records';

export interface ParsedLocation {
  /** The `#/<view>` part, or null when the hash has no route. */
  route: string | null;
  /** Parameters from the query string and the hash, in that order. */
  params: string;
}

export function parseLocation(search: string, hash: string): ParsedLocation {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const routePart = q < 0 ? body : body.slice(0, q);
  const route = routePart.split('/')[0] || null;
  const parts = [search.replace(/^\?/, ''), q < 0 ? '' : body.slice(q + 1)].filter((p) => p !== '');
  return { route, params: parts.join('&') };
}

/** The route wins over a `v=` parameter: it is what the navigation links change. */
export function paramsWithRoute(location: ParsedLocation): string {
  if (location.route === null) return location.params;
  const rest = location.params.split('&').filter((p) => p !== '' && !p.startsWith('v=')).join('&');
  return [`v=${encodeURIComponent(location.route)}`, rest].filter((p) => p !== '').join('&');
}

/** The hash (`#/<view>` or `#/<view>?...`) that represents `state`. */
export function hashForState(state: ShareState): string {
  const params = encodeState(state).split('&').filter((p) => !p.startsWith('v='));
  const onlyVersion = params.length === 1 && params[0].startsWith('s=');
  return `#/${state.v}${onlyVersion ? '' : `?${params.join('&')}`}`;
}

/** The address (path, query, hash) that last matched the store, as this module left it. */
let syncedAddress: string | null = null;

function currentAddress(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}

/**
 * Writes the link back in canonical form: a `?v=...` query moves into the hash, and whatever the
 * decoder dropped (with a warning) leaves the address bar.
 */
function canonicalize(): void {
  const canonical = `${window.location.pathname}${hashForState(shareableState(useViewStore.getState()))}`;
  if (canonical !== currentAddress()) window.history.replaceState(window.history.state, '', canonical);
  syncedAddress = currentAddress();
}

function readLocation(viewIds: readonly string[], onLinkRead: (ds: string | null) => void): void {
  const location = parseLocation(window.location.search, window.location.hash);
  const { state, warnings } = decodeState(paramsWithRoute(location), { viewIds, defaultView: viewIds[0] });
  useViewStore.getState().load(state, warnings);
  onLinkRead(state.ds);
}

/**
 * Starts the two-way sync; returns a function that stops it. `onLinkRead` hears the data set hash
 * of every link read (on start and when the address is edited).
 */
export function startUrlSync(viewIds: readonly string[], onLinkRead: (ds: string | null) => void = () => {}): () => void {
  // A restart on an address this module wrote itself (React StrictMode mounts effects twice) must
  // not re-read it: the store already holds that state and the link's warnings.
  if (currentAddress() !== syncedAddress) readLocation(viewIds, onLinkRead);
  else onLinkRead(useViewStore.getState().ds);
  canonicalize();

  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const hash = hashForState(shareableState(useViewStore.getState()));
    if (hash === window.location.hash) return;
    const current = parseLocation('', window.location.hash).route;
    const next = parseLocation('', hash).route;
    if (current !== next) window.location.hash = hash;
    else window.history.replaceState(window.history.state, '', hash);
    syncedAddress = currentAddress();
  };
  const unsubscribe = useViewStore.subscribe((now, before) => {
    const changed = now.v !== before.v || now.f !== before.f || now.o !== before.o || now.sel !== before.sel
      || now.cam !== before.cam || now.ds !== before.ds;
    if (!changed) return;
    if (timer !== null) clearTimeout(timer);
    // A view change is written at once so App's hash routing follows without a visible lag.
    if (now.v !== before.v) write();
    else timer = setTimeout(write, WRITE_DELAY_MS);
  });

  const onHashChange = () => {
    const location = parseLocation('', window.location.hash);
    const store = useViewStore.getState();
    if (location.params !== '') {
      if (window.location.hash !== hashForState(shareableState(store))) readLocation(viewIds, onLinkRead);
      canonicalize();
      return;
    }
    // A navigation link (`#/<view>`): change the view, keep filters and options.
    const view = location.route !== null && viewIds.includes(location.route) ? location.route : viewIds[0];
    if (view !== store.v) store.setView(view);
    else write();
  };
  window.addEventListener('hashchange', onHashChange);

  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    window.removeEventListener('hashchange', onHashChange);
  };
}

/** With no data rows there is nothing to name; a link's own hash is kept until data arrives to compare it with. */
function forgetHash(linkDataset: { current: string | null }): void {
  if (linkDataset.current === null && useViewStore.getState().ds !== null) useViewStore.getState().setDatasetHash(null);
}

/**
 * Computes the loaded data set's hash whenever the records change, warns once when a shared link
 * was made on different data, and records the current hash so new links name it.
 */
async function checkDataset(linkDataset: { current: string | null }, isCancelled: () => boolean): Promise<void> {
  const { connector } = useDataStore.getState();
  if (!connector) return;
  let hash: string;
  try {
    const described = await connector.query(`DESCRIBE "${RECORDS_TABLE}"`);
    // The import id is bookkeeping (made from the time of import), not data: the same file imported
    // in two browsers must name the same data set.
    const all: ColumnType[] = described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }))
      .filter((c) => c.name !== IMPORT_ID);
    const counts = await connector.query(columnCountsSql(all, RECORDS_TABLE));
    // No non-empty column means no data rows (every data row has a source): nothing to name.
    const columns = nonEmptyColumns(all, counts.rows[0] ?? {});
    if (columns.length === 0) { forgetHash(linkDataset); return; }
    const summary = await connector.query(datasetSummarySql(columns, RECORDS_TABLE));
    const row = summary.rows[0];
    if (!row || row.n === '0' || row.n === 0) { forgetHash(linkDataset); return; }
    hash = datasetHashFromSummary({ n: row.n, h: row.h }, columns);
  } catch {
    return;
  }
  if (isCancelled()) return;
  const store = useViewStore.getState();
  const fromLink = linkDataset.current;
  linkDataset.current = null;
  if (fromLink !== null && fromLink !== hash) {
    store.addWarnings([
      `This link was made on a different data set (hash ${fromLink}); the data loaded here has hash ${hash}, so numbers may differ from what the link's author saw.`,
    ]);
  }
  if (store.ds !== hash) store.setDatasetHash(hash);
}

/** Mount once, in the app shell: reads the URL into the store and keeps both in step. */
export function useUrlSync(viewIds: readonly string[]): void {
  const key = viewIds.join(',');
  useEffect(() => {
    const linkDataset = { current: null as string | null };
    let cancelled = false;
    let running: Promise<void> = Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Deferred so the views' own queries after a data change reach DuckDB first (one connection
    // runs one query at a time, and hashing a large table takes a second or more).
    const recheck = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        running = running.then(() => checkDataset(linkDataset, () => cancelled));
      }, DATASET_CHECK_DELAY_MS);
    };
    const stop = startUrlSync(key.split(','), (ds) => { linkDataset.current = ds; recheck(); });
    const unsubscribe = useDataStore.subscribe((now, before) => {
      if (now.revision !== before.revision || now.connector !== before.connector) recheck();
    });
    return () => { cancelled = true; if (timer !== null) clearTimeout(timer); stop(); unsubscribe(); };
  }, [key]);
}
