// Bundle the editor into one minified IIFE for the admin (no Node needed to run Bastide).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'app', 'static');
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src', 'index.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  metafile: true,
  outfile: join(out, 'editor.js'),
  logLevel: 'warning',
});
await build({
  entryPoints: [join(here, 'src', 'editor.css')],
  bundle: true,
  minify: true,
  outfile: join(out, 'editor.css'),
  logLevel: 'warning',
});

// The licence of every npm package whose code is in the bundle, with its copyright lines.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.set(match[1], join(here, 'node_modules', match[1]));
}
const sections = [...packages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  let text = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
  if (!text) {
    // Packages published without a licence file (the Tiptap extensions) carry the one of
    // their repository: the @tiptap/core text, same copyright holder.
    const core = join(here, 'node_modules', '@tiptap', 'core');
    const coreFile = existsSync(core) && readdirSync(core).find((f) => /^licen[cs]e/i.test(f));
    text = coreFile ? readFileSync(join(core, coreFile), 'utf8').trim() : `License: ${meta.license}`;
  }
  return `${meta.name} ${meta.version} (${meta.license})\n${meta.repository?.url || meta.homepage || ''}\n\n${text}\n`;
});
writeFileSync(
  join(out, 'editor.js.LICENSE.txt'),
  'Third-party code bundled in editor.js (built by editor/build.mjs from editor/package-lock.json).\n' +
  'Bastide itself is AGPL-3.0-or-later; every package below is MIT-licensed.\n\n' +
  sections.join('\n' + '-'.repeat(78) + '\n\n'),
);
console.log(`editor.js: ${readFileSync(join(out, 'editor.js')).length} bytes, ${packages.size} packages`);
