#!/usr/bin/env node
// Writes oclif.manifest.json beside package.json: with it, oclif reads the commands' flags and
// descriptions from one file instead of loading every command's module at each start.
// Run after the TypeScript build (`make build`); the install tree ships the file.
const fs = require('node:fs');
const path = require('node:path');
const { Plugin } = require('@oclif/core');

async function main() {
  const root = path.resolve(__dirname, '..');
  const plugin = new Plugin({
    root,
    type: 'core',
    ignoreManifest: true,
    errorOnManifestCreate: true,
  });
  await plugin.load();
  fs.writeFileSync(path.join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest));
}

main().catch((error) => {
  process.stderr.write(`cli-manifest: ${error.message}\n`);
  process.exit(1);
});
