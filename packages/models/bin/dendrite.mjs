#!/usr/bin/env node
// The `dendrite` command: see `dendrite help`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
