/**
 * Prints the model zoo as a Markdown table: published vs computed parameters, GMACs and weight
 * bytes per item at the default sequence length.   npx tsx scripts/zoo-table.ts
 */
import { MODEL_SPECS } from '../src/core/catalog/models/index.ts';

const rows = [
  '| id | family | modality | seq (default) | published params | computed params | diff | GMACs / item | fp32 weights MB | fp32 bytes moved / item, batch 1 (MB) | builds at |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
for (const s of MODEL_SPECS) {
  const params = s.params();
  const pub = s.published ? `${(s.published.params / 1e6).toFixed(2)} M` : '—';
  const diff = s.published ? `${((params / s.published.params - 1) * 100).toFixed(2)} %` : '—';
  rows.push(
    `| ${s.id} | ${s.family} | ${s.modality} | ${s.seqVaries ? s.defaultSeq : 'fixed'} | ${pub} | ${(params / 1e6).toFixed(2)} M | ${diff} | ${(s.flops(1, s.defaultSeq) / 2e9).toFixed(3)} | ${(s.weightBytes('fp32') / 1e6).toFixed(1)} | ${(s.bytesMoved(1, s.defaultSeq, 'fp32') / 1e6).toFixed(1)} | ${s.buildPrecisions.join(', ') || 'prediction only'} |`,
  );
}
console.log(rows.join('\n'));
