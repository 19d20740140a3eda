import { create } from 'zustand';
import { DEFAULT_PLAN, type RunPlan } from '../../core/measure/plan.ts';
import type { Capabilities } from '../../runtime/web/capabilities.ts';
import type { RunItem } from './run-plan-runner.ts';

export type RunState = 'idle' | 'running' | 'cancelling' | 'finished' | 'cancelled';

interface RunStore {
  plan: RunPlan;
  capabilities: Capabilities | null;
  capabilityError: string | null;
  state: RunState;
  items: RunItem[];
  warnings: string[];
  /** Bytes of models the user brought, keyed 'file:<name>'. */
  files: Map<string, ArrayBuffer>;
  setPlan(plan: RunPlan): void;
  setCapabilities(capabilities: Capabilities | null, error?: string | null): void;
  setState(state: RunState): void;
  setItems(items: RunItem[]): void;
  setWarnings(warnings: string[]): void;
  addFile(name: string, bytes: ArrayBuffer): string;
}

export const useRunStore = create<RunStore>((set, get) => ({
  plan: DEFAULT_PLAN,
  capabilities: null,
  capabilityError: null,
  state: 'idle',
  items: [],
  warnings: [],
  files: new Map(),
  setPlan: (plan) => set({ plan }),
  setCapabilities: (capabilities, error = null) => set({ capabilities, capabilityError: error }),
  setState: (state) => set({ state }),
  setItems: (items) => set({ items }),
  setWarnings: (warnings) => set({ warnings }),
  addFile: (name, bytes) => {
    const key = `file:${name}`;
    const files = new Map(get().files);
    files.set(key, bytes);
    set({ files });
    return key;
  },
}));
