#!/usr/bin/env node
'use strict';
// The otsync command. The sources are TypeScript, loaded through tsx (a runtime dependency), so there is no build
// step between a checkout and a working CLI.
require('tsx/cjs');
const { main } = require('../src/cli/main.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
