import fs from 'node:fs';
import path from 'node:path';

/**
 * The installed tree the tests drive, made by `make test` (scripts/install.sh) outside the
 * checkout so that nothing in it can reach the checkout's node_modules.
 */
export function installPrefix(): string {
  const prefix = process.env.LAVALITE_PREFIX;
  if (!prefix || !fs.existsSync(path.join(prefix, 'bin', 'lsid'))) {
    throw new Error('integration tests need an installed tree: run them with `make test`');
  }
  return prefix;
}
