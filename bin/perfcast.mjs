#!/usr/bin/env node
// The command line is written in TypeScript; tsx compiles it on the fly so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/agent/cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// 130: interrupted; the finished work is already stored, and a measurement still running in the
// background must not keep the process alive.
if (code === 130) process.exit(code);
