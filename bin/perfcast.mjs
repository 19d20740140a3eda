#!/usr/bin/env node
// The command line is written in TypeScript; tsx compiles it on the fly so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/agent/cli.ts');
process.exitCode = await main(process.argv.slice(2));
