import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeCachePath, loadWithCodeCache, writeCodeCache } from '../src/code-cache';

describe('loading a bundle with its code cache', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lavalite-code-cache-'));
    file = path.join(dir, 'bundle.js');
    fs.writeFileSync(
      file,
      "const os = require('node:os');\n" +
        'exports.where = () => [__filename, __dirname, typeof os.hostname];\n' +
        'module.exports.twice = (n) => n * 2;\n',
    );
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the file as require would, with a cache V8 accepts', () => {
    expect(writeCodeCache(file)).toBe(true);

    const loaded = loadWithCodeCache<{ where(): unknown[]; twice(n: number): number }>(file);

    expect(loaded.where()).toEqual([file, dir, 'function']);
    expect(loaded.twice(21)).toBe(42);
  });

  it('compiles from the source when the cache is missing, stale or damaged', () => {
    const twice = () => loadWithCodeCache<{ twice(n: number): number }>(file).twice(2);
    expect(twice()).toBe(4);

    writeCodeCache(file);
    fs.appendFileSync(file, 'exports.later = 1;\n');
    expect(twice()).toBe(4);

    fs.writeFileSync(codeCachePath(file), 'not a cache');
    expect(twice()).toBe(4);
  });
});
