// Runs the TypeScript sources with no build step: on first use (and whenever a source changes) they are compiled
// into one cached ES module with esbuild, and later runs load that file. Node then holds one module instead of a
// TypeScript loader thread and two hundred transformed files: a server idles in about 70 MiB less, and runs the
// code as esbuild compiled it. When the cache cannot be written (a read-only install), tsx runs the sources as they are.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One bundle per checkout: its modules name their own source files (below), so two checkouts never share one.
const cacheDir = join(root, 'node_modules', '.cache', 'leadcycle');

/** What a source looked like when the bundle was made: changed size or time means a rebuild. */
const stamp = (file) => {
  const { size, mtimeMs } = statSync(file);
  return `${size}:${mtimeMs}`;
};

const fresh = (manifest, esbuildVersion) => {
  try {
    const made = JSON.parse(readFileSync(manifest, 'utf8'));
    return made.esbuild === esbuildVersion && Object.entries(made.inputs).every(([file, was]) => stamp(join(root, file)) === was);
  } catch {
    return false;
  }
};

// Files read beside their sources (migrations, templates, the PGlite worker) are found from import.meta.url,
// so each module keeps its own source file's URL inside the bundle.
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

const build = async (entry, bundle, manifest) => {
  const { version } = createRequire(import.meta.url)('esbuild/package.json');
  if (fresh(manifest, version)) return;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: bundle,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepModuleUrls],
  });
  await esbuild.stop();
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, stamp(join(root, file))]));
  // Another run may build at the same moment: each writes its own files and renames them into place whole,
  // the bundle's source map before the bundle, and the manifest last.
  const put = (file, contents) => {
    writeFileSync(`${file}.${process.pid}`, contents);
    renameSync(`${file}.${process.pid}`, file);
  };
  mkdirSync(cacheDir, { recursive: true });
  const output = (suffix) => result.outputFiles.find((file) => file.path.endsWith(suffix)).contents;
  put(`${bundle}.map`, output('.mjs.map'));
  put(bundle, output('.mjs'));
  put(manifest, JSON.stringify({ esbuild: version, inputs }));
};

/**
 * Runs the TypeScript module `source` (relative to the checkout) from its cached bundle, building it first when a
 * source changed; under tsx when the cache cannot be written. `kind` names the bundle (cli, bench).
 */
export const runBundled = async (source, kind) => {
  const entry = join(root, source);
  const name = `${kind}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
  const bundle = join(cacheDir, `${name}.mjs`);
  const manifest = join(cacheDir, `${name}.json`);
  let compiled = true;
  try {
    await build(entry, bundle, manifest);
  } catch {
    compiled = false;
  }
  if (compiled) {
    // Errors name the TypeScript sources, as they do under tsx.
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(entry).href);
  }
};
