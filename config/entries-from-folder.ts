import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { ConfigProblem } from './config-error';

/** Extensions of entry files: YAML, and JSON (read by the same strict parser, so duplicate keys are caught). */
const ENTRY_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Brand of the folder-entries marker (a string, so it survives separate module instances). */
const BRAND = 'platform-blueprint/folder-entries';

/** One entry file: its name (the file name without extension), where it is and what it holds. */
export interface FolderEntry {
  readonly name: string;
  /** Repository-relative path, e.g. `platform.d/spokes/qa.yaml`. */
  readonly file: string;
  readonly value: unknown;
  /** Why the file cannot be used (unreadable, invalid YAML/JSON, not a mapping); the value is then undefined. */
  readonly error?: string;
}

/** What `entriesFromFolder()` returns: carried under a symbol key until `resolveConfig()` merges it. */
export interface FolderEntries {
  readonly brand: typeof BRAND;
  /** Repository-relative folder, e.g. `platform.d/spokes`. */
  readonly folder: string;
  readonly entries: readonly FolderEntry[];
  /** A problem with the folder itself (e.g. it is outside the repository). */
  readonly error?: string;
}

/** Spread this into a config map: `spokes: { dev: {...}, ...entriesFromFolder('platform.d/spokes') }`. */
export interface FolderEntriesMarker {
  readonly [marker: symbol]: FolderEntries;
}

/**
 * Config entries kept as one file each (`<folder>/<name>.yaml|.yml|.json` → entry `<name>`), the way
 * golden paths add applications, teams and spokes by merge request. platform.config.ts spreads the
 * result into the matching map. The files are NOT merged here: the result carries them under a symbol
 * key, and `resolveConfig()` merges them, so an entry defined both inline and in a file (or in two
 * files) is an error naming both sources instead of one silently replacing the other. Files are parsed
 * strictly: duplicate keys and `__proto__` keys are errors, reported with file, line and column.
 *
 * `folder` is relative to the repository root (the working directory of projen tasks and scripts) and
 * must stay inside it; so must every file, symbolic links included.
 */
export function entriesFromFolder(folder: string, root: string = process.cwd()): FolderEntriesMarker {
  return { [Symbol(folder)]: readFolderEntries(folder, root) };
}

function readFolderEntries(folder: string, root: string): FolderEntries {
  const display = relative(root, resolve(root, folder)).split(sep).join('/');
  const base = { brand: BRAND, folder: display } as const;
  if (!inside(resolve(root), resolve(root, folder))) {
    return { ...base, entries: [], error: `${folder} is outside the repository; keep entry folders under platform.d/` };
  }
  if (!existsSync(resolve(root, folder))) return { ...base, entries: [] };
  const realRoot = realpathSync(root);
  const entries = readdirSync(resolve(root, folder))
    .filter((f) => ENTRY_EXTENSIONS.includes(extname(f)))
    .sort()
    .map((f): FolderEntry => {
      const file = `${display}/${f}`;
      const name = f.slice(0, -extname(f).length);
      const path = join(resolve(root, folder), f);
      if (!inside(realRoot, realpathSync(path))) return { name, file, value: undefined, error: `${file} links outside the repository; keep entry files inside it` };
      return { name, file, ...parseEntry(file, readFileSync(path, 'utf8')) };
    });
  return { ...base, entries };
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Parses one entry file: a mapping, with unique keys and no `__proto__` key; errors carry line and column. */
function parseEntry(file: string, text: string): { value: unknown; error?: string } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { value: undefined, error: `${file}${at ? `:${at.line}:${at.col}` : ''}: ${what}; fix the ${extname(file) === '.json' ? 'JSON' : 'YAML'}` };
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { value: undefined, error: `${file}: must hold a mapping of the entry's fields (it holds ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value})` };
  }
  return { value };
}

function isFolderEntries(v: unknown): v is FolderEntries {
  return typeof v === 'object' && v !== null && (v as { brand?: unknown }).brand === BRAND;
}

/** Where each merged entry came from: config path (`spokes.qa`) → file. */
export type EntrySources = ReadonlyMap<string, string>;

/**
 * Merges the folder entries carried in the config's maps into plain maps (prototype-free assignment:
 * a `__proto__` name is a problem, never a prototype). Returns the merged config, where each entry came
 * from, and every problem: duplicates across sources, unreadable files, `__proto__` keys anywhere.
 */
export function mergeFolderEntries(input: unknown): { config: unknown; sources: EntrySources; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const sources = new Map<string, string>();
  problems.push(...protoKeyProblems(input, ''));
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { config: input, sources, problems };
  const config: Record<string, unknown> = {};
  for (const [field, map] of Object.entries(input)) {
    const markers = map !== null && typeof map === 'object' ? Object.getOwnPropertySymbols(map).map((s) => (map as Record<symbol, unknown>)[s]).filter(isFolderEntries) : [];
    if (markers.length === 0) {
      define(config, field, map);
      continue;
    }
    const merged: Record<string, unknown> = {};
    const origin = new Map<string, string>(); // entry name → its first source, for the duplicate message
    for (const [name, value] of Object.entries(map as object)) {
      define(merged, name, value);
      origin.set(name, `inline in the platform config (${field}.${name})`);
    }
    for (const marker of markers) {
      if (marker.error) problems.push({ path: field, value: marker.folder, fix: marker.error });
      for (const entry of marker.entries) {
        const path = `${field}.${entry.name}`;
        if (entry.error) {
          problems.push({ path, value: entry.file, fix: entry.error });
          continue;
        }
        if (entry.name === '__proto__') {
          problems.push({ path, value: entry.file, fix: `"__proto__" is not a valid name; rename ${entry.file}` });
          continue;
        }
        problems.push(...protoKeyProblems(entry.value, path, entry.file));
        const first = origin.get(entry.name);
        if (first) {
          problems.push({ path, value: entry.name, fix: `defined twice: ${first} and in ${entry.file}; keep one of them` });
          continue;
        }
        define(merged, entry.name, entry.value);
        origin.set(entry.name, `in ${entry.file}`);
        sources.set(path, entry.file);
      }
    }
    define(config, field, merged);
  }
  return { config, sources, problems };
}

/** Sets an own property even for the name `__proto__` (plain assignment would replace the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every own `__proto__` key (JSON.parse and YAML create them): never meaningful, a prototype-pollution vector. */
function protoKeyProblems(value: unknown, path: string, file?: string): ConfigProblem[] {
  if (value === null || typeof value !== 'object') return [];
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '__proto__') problems.push({ path: at, value: key, fix: '"__proto__" is not a valid key; remove it', ...(file ? { file } : {}) });
    else problems.push(...protoKeyProblems((value as Record<string, unknown>)[key], at, file));
  }
  return problems;
}
