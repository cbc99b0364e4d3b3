#!/usr/bin/env node
// The `lexvla` command. The CLI is TypeScript that shares src/ with the app; tsx compiles it on
// the fly, so there is no separate build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
