/**
 * Loads the commands' bundle with V8's code cache: compiling the bundle's 2 MB at every start
 * cost a command about a quarter of its time. The install writes the cache once; V8 checks it
 * against the source and its own version and compiles afresh when it does not fit, so a stale
 * cache (a new Node, a rebuilt bundle) only costs speed.
 */

import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

type ModuleWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** Where the code cache of `file` is kept. */
export function codeCachePath(file: string): string {
  return `${file}.v8-cache`;
}

/** Runs the CommonJS file `file`, compiled with its code cache when one fits; its exports. */
export function loadWithCodeCache<T>(file: string): T {
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(codeCachePath(file));
  } catch {
    // No cache yet: V8 compiles from the source, as require would.
  }
  return run<T>(compile(file, cachedData), file);
}

/**
 * Runs `file` once and writes its code cache, which then holds every function its loading ran.
 * Returns whether a later load accepts the cache.
 */
export function writeCodeCache(file: string): boolean {
  const script = compile(file);
  run(script, file);
  fs.writeFileSync(codeCachePath(file), script.createCachedData());
  return !compile(file, fs.readFileSync(codeCachePath(file))).cachedDataRejected;
}

function compile(file: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

function run<T>(script: vm.Script, file: string): T {
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as ModuleWrapper;
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
  );
  return module.exports as T;
}
