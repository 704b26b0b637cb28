// typedoc plugin: names each module after the npm specifier users import
// (`@dendrite/core`, `@dendrite/core/testing`) instead of its source path
// (`core/src`, `core/src/testing`), which is what typedoc derives in
// "resolve" mode. The package name comes from packages/<dir>/package.json.
import { readFileSync } from 'node:fs';
import { Converter } from 'typedoc';

const PACKAGES = new URL('../../../packages/', import.meta.url);

/** `core/src` → `@dendrite/core`; `core/src/testing` → `@dendrite/core/testing`. */
export function npmName(modulePath) {
  const m = /^([^/]+)\/src(?:\/(.+?))?(?:\/index)?$/.exec(modulePath);
  if (!m) throw new Error(`typedoc-npm-names: cannot map module "${modulePath}" to a package (expected <package>/src[/<subpath>])`);
  const { name } = JSON.parse(readFileSync(new URL(`${m[1]}/package.json`, PACKAGES), 'utf8'));
  return m[2] ? `${name}/${m[2]}` : name;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) mod.name = npmName(mod.name);
  });
}
