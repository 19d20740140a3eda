import { useEffect } from 'react';
import { create } from 'zustand';
import { buildCubeSql, buildSampleSql } from '../../core/query/cube.ts';
import type { Connector } from '../../data/connector.ts';
import { useDataStore } from '../stores/data.ts';

interface CubeState {
  /** Data revision the cube was last built for, or null. */
  builtFor: number | null;
  /** Build failed for this revision: views read the raw rows instead. */
  failedFor: number | null;
  error: string | null;
  buildMs: number | null;
}

export const useCubeStore = create<CubeState>(() => ({ builtFor: null, failedFor: null, error: null, buildMs: null }));

const builds = new WeakMap<Connector, { revision: number; promise: Promise<void> }>();

/** Rebuilds the per-configuration cube and the 3-D sample once per data revision (deduplicated). */
function ensureCube(connector: Connector, revision: number): void {
  const current = builds.get(connector);
  if (current && current.revision === revision) return;
  const t0 = performance.now();
  const promise = (async () => {
    try {
      await connector.exec(buildCubeSql());
      await connector.exec(buildSampleSql());
      if (builds.get(connector)?.revision === revision) {
        useCubeStore.setState({ builtFor: revision, failedFor: null, error: null, buildMs: performance.now() - t0 });
      }
    } catch (error) {
      if (builds.get(connector)?.revision === revision) {
        useCubeStore.setState({ failedFor: revision, error: error instanceof Error ? error.message : String(error) });
      }
    }
  })();
  builds.set(connector, { revision, promise });
}

export interface AnalysisSource {
  /** False while the cube for the current data is being built. */
  ready: boolean;
  /** Read the cube (true) or the raw rows (cube build failed). */
  cube: boolean;
  /** Changes whenever the cube is rebuilt, so queries re-run against the new one. */
  tag: string;
}

export function useAnalysisSource(): AnalysisSource {
  const connector = useDataStore((s) => s.connector);
  const revision = useDataStore((s) => s.revision);
  const builtFor = useCubeStore((s) => s.builtFor);
  const failedFor = useCubeStore((s) => s.failedFor);
  useEffect(() => {
    if (connector) ensureCube(connector, revision);
  }, [connector, revision]);
  if (builtFor === revision) return { ready: true, cube: true, tag: `cube r${revision}` };
  if (failedFor === revision) return { ready: true, cube: false, tag: `raw r${revision}` };
  return { ready: false, cube: false, tag: '' };
}
