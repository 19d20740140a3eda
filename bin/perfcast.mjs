#!/usr/bin/env node
// The command line is written in TypeScript; tsx compiles it on the fly so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
// With a handler, a write past `ulimit -f` fails with EFBIG (reported in words, the old file kept)
// instead of the kernel killing the process half-way.
process.on('SIGXFSZ', () => {});
const { main } = await import('../src/agent/cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// 130: interrupted; the finished work is already stored, and a measurement still running in the
// background must not keep the process alive.
if (code === 130) process.exit(code);
