/** Writes the SIMULATED fixture tables under tests/fixtures/predict/ (a known roofline law; never measured data). */
import { writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { simulatedTable } from '../tests/predict/simulated.ts';
const rows = simulatedTable({ hardware: 5, models: 6, batches: [1, 4, 16], seed: 11 });
const train = rows.filter((r) => r.hardware !== 'simgpu-4');
const query = rows.filter((r, i) => r.hardware === 'simgpu-4' || i % 9 === 0).map(({ latency_ms, throughput_items_s, ...rest }) => rest);
const dir = new URL('../tests/fixtures/predict/', import.meta.url).pathname;
writeFileSync(`${dir}simulated-train.csv`, Papa.unparse(train, { newline: '\n' }) + '\n');
writeFileSync(`${dir}simulated-query.csv`, Papa.unparse(query, { newline: '\n' }) + '\n');
console.log(train.length, query.length);
