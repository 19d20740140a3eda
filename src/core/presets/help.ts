import type { Preset } from './preset.ts';
import { cellNumber, cellText, hardwareId, platformOf, PresetError, requireColumns, csvLine } from './common.ts';

const ID = 'help';
export const HELP_ORIGIN = 'preset:help (HayeonLee/HELP@45f70eb)';

/** GPU columns carry the batch size as a suffix (`titan_rtx_256`); all others are batch 1. */
const BATCH_SUFFIX = /^(1080ti|2080ti|titan_rtx|titanx|titanxp)_(1|32|256)$/;

export interface HelpColumn {
  readonly column: string;
  readonly device: string;
  readonly batch: number;
}

export function parseHelpColumn(column: string): HelpColumn {
  const m = BATCH_SUFFIX.exec(column);
  return m ? { column, device: m[1], batch: Number(m[2]) } : { column, device: column, batch: 1 };
}

/**
 * HELP's NAS-Bench-201 latency table (one row per architecture, one column per device/batch) to
 * long records: model `nb201-<arch_idx>`, one record per (architecture, device column).
 * The `eyeriss` and `fpga` columns are simulator outputs and get source `simulated`.
 */
export const helpPreset: Preset = {
  id: ID,
  title: 'HELP NAS-Bench-201 latency (wide CSV)',
  citation: 'HayeonLee/HELP @ 45f70eb, data/nasbench201/latency (MIT licence); HELP: Lee et al., NeurIPS 2021',
  matches(_fileName, columns) {
    return columns.includes('arch_idx') && columns.some((c) => BATCH_SUFFIX.test(c));
  },
  toRecords(rows, fileName) {
    requireColumns(ID, fileName, ['arch_idx'], rows);
    const deviceColumns = Object.keys(rows[0]).filter((c) => c !== 'arch_idx' && c !== 'arch').map(parseHelpColumn);
    if (deviceColumns.length === 0) throw new PresetError(ID, fileName, 1, null, 'no device columns after arch_idx/arch');
    const columnInfo = deviceColumns.map((c) => {
      const { id, spec } = hardwareId(c.device);
      return { ...c, hardware: id, platform: platformOf(spec), simulated: spec?.simulated === true };
    });
    const out: Record<string, unknown>[] = [];
    rows.forEach((row, i) => {
      const idx = cellNumber(ID, fileName, i, 'arch_idx', row.arch_idx);
      if (idx === null || !Number.isInteger(idx)) {
        throw new PresetError(ID, fileName, csvLine(i), 'arch_idx', `expected an integer architecture index, got ${JSON.stringify(cellText(row.arch_idx))}`);
      }
      for (const c of columnInfo) {
        const latency = cellNumber(ID, fileName, i, c.column, row[c.column]);
        if (latency === null) continue;
        out.push({
          source: c.simulated ? 'simulated' : 'imported',
          origin: HELP_ORIGIN,
          model: `nb201-${idx}`,
          model_family: 'nas-bench-201',
          modality: 'vision',
          task: 'image-classification',
          hardware: c.hardware,
          device_name: c.device,
          platform: c.platform,
          mode: 'inference',
          batch_size: c.batch,
          precision: 'fp32',
          latency_ms: latency,
        });
      }
    });
    return out;
  },
};

export default helpPreset;
