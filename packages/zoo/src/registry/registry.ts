// The model registry, in the manner of timm: architectures by name, pretrained configurations by
// `arch.tag`, glob listing in natural order, close-name suggestions for typos.
import { BUILTIN_MODELS } from './entries';
import { globToRegExp } from './glob';
import { naturalCompare } from './natural-sort';
import { suggestNames } from './suggest';
import type { ModelEntry, PretrainedConfig } from './types';

const REGISTRY_STORE = new Map<string, ModelEntry>();
let builtinsAdded = false;

/** The registry, with the built-in models added on first use. */
function registry(): Map<string, ModelEntry> {
  if (!builtinsAdded) {
    builtinsAdded = true;
    for (const [name, entry] of Object.entries(BUILTIN_MODELS)) if (!REGISTRY_STORE.has(name)) REGISTRY_STORE.set(name, entry);
  }
  return REGISTRY_STORE;
}

const NAME_RE = /^[a-z0-9][a-z0-9_]*$/;

/**
 * Registers an architecture under `name` (lower-case letters, digits and `_`; no `.`, which
 * separates the pretrained tag). Registering an existing name throws unless `override` is set.
 */
export function registerModel(name: string, entry: ModelEntry, options: { override?: boolean } = {}): void {
  if (!NAME_RE.test(name)) {
    throw new Error(`Error in registerModel: name must match ${String(NAME_RE)} (the tag goes after a dot), got '${name}'.`);
  }
  if (typeof entry?.builder !== 'function') {
    throw new Error(`Error in registerModel: entry.builder of '${name}' must be a function (options) => LayersModel, got ${typeof entry?.builder}.`);
  }
  if (registry().has(name) && !options.override) {
    throw new Error(`Error in registerModel: name '${name}' is already registered; pass { override: true } to replace it.`);
  }
  for (const [tag, config] of Object.entries(entry.pretrained)) {
    if (tag !== config.tag) {
      throw new Error(`Error in registerModel: pretrained key '${tag}' of '${name}' must equal its config.tag, got '${config.tag}'.`);
    }
  }
  registry().set(name, entry);
}

/** Options of `listModels`. */
export interface ListModelsOptions {
  /** List `arch.tag` names of pretrained configurations instead of architectures. */
  pretrained?: boolean;
}

/**
 * Registered names matching `pattern` (a glob such as `resnet*` or `*.harmonized`, or a list of
 * them; all when omitted), in natural order. With `{ pretrained: true }` lists `arch.tag` names.
 */
export function listModels(pattern?: string | string[], options: ListModelsOptions = {}): string[] {
  const names: string[] = [];
  for (const [name, entry] of registry()) {
    if (options.pretrained) for (const tag of Object.keys(entry.pretrained)) names.push(`${name}.${tag}`);
    else names.push(name);
  }
  const patterns = pattern === undefined ? [] : Array.isArray(pattern) ? pattern : [pattern];
  const res = patterns.map(globToRegExp);
  return names.filter((n) => res.length === 0 || res.some((r) => r.test(n))).sort(naturalCompare);
}

/** Splits `arch.tag` into its parts (`tag` undefined when absent). */
export function parseModelName(name: string): { arch: string; tag: string | undefined } {
  const dot = name.indexOf('.');
  return dot < 0 ? { arch: name, tag: undefined } : { arch: name.slice(0, dot), tag: name.slice(dot + 1) };
}


/** The registry entry of `name` (`arch` or `arch.tag`); unknown names throw with close suggestions. */
export function getModelEntry(name: string, fn = 'getModelEntry'): ModelEntry {
  const { arch, tag } = parseModelName(name);
  const entry = registry().get(arch);
  if (!entry) {
    // Tagged names are compared with tagged names, bare ones with architectures.
    const close = suggestNames(name, tag === undefined ? listModels() : listModels(undefined, { pretrained: true }));
    const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : ' See listModels().';
    throw new Error(`Error in ${fn}: unknown model '${name}'.${hint}`);
  }
  return entry;
}

/**
 * The pretrained configuration of `arch.tag`, or of the architecture's default (first) tag when
 * `name` has none. Throws when the model is unknown or has no such tag.
 */
export function getPretrainedConfig(name: string, fn = 'getPretrainedConfig'): PretrainedConfig {
  const entry = getModelEntry(name, fn);
  const { arch, tag } = parseModelName(name);
  const tags = Object.keys(entry.pretrained);
  if (tags.length === 0) {
    throw new Error(`Error in ${fn}: model '${arch}' has no pretrained weights.`);
  }
  const chosen = tag ?? (tags[0] as string);
  const config = entry.pretrained[chosen];
  if (!config) {
    throw new Error(
      `Error in ${fn}: model '${arch}' has no pretrained tag '${chosen}'; available: ${tags.map((t) => `'${arch}.${t}'`).join(', ')}.`,
    );
  }
  return config;
}
