/**
 * Settings: found in whatever shape a client sends them, checked field by field, and layered.
 * Pure: the connection decides when to ask (server.ts); this file only reads what came.
 *
 * Shapes taken, from `initializationOptions`, `workspace/configuration` answers and
 * `workspace/didChangeConfiguration` payloads alike:
 *   {glossary: {...}}             Neovim `init_options` / `settings`, Helix `config`, eglot, Zed
 *   {settings: {glossary: {...}}} or {settings: {...}}   the VS Code extension, some wrappers
 *   {contentRoots, macros, ...}   the section itself (a `workspace/configuration` answer)
 *   {"glossary.contentRoots": [...], "glossary.macros.glossary": [...]}   dotted keys
 * Later sources win field by field: defaults < initializationOptions < the client's latest
 * (answer or push, each replacing the one before).
 */
import { defaultSettings, GlossarySettings, SeverityName } from './protocol';
import { GLOSSARY_MACROS } from '../content/pageReferences';

/** The fields a source gave, each already checked. */
export interface SettingsPatch {
  contentRoots?: string[];
  glossaryMacros?: string[];
  severity?: Record<string, SeverityName>;
  validateOnType?: boolean;
  logLevel?: GlossarySettings['logLevel'];
  aliases?: GlossarySettings['aliases'];
}

const SECTION = 'glossary';
const SEVERITIES = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);
const LOG_LEVELS = new Set<string>(['error', 'warn', 'info', 'debug']);
const FIELDS = ['contentRoots', 'macros', 'severity', 'validate', 'logLevel', 'aliases'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The glossary section in a value a client sent, as a plain nested object; undefined when there is none. */
export function glossarySection(value: unknown): Json | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.settings)) {
    const inner = glossarySection(value.settings);
    if (inner) return inner;
  }
  const dotted = expandDotted(
    Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key.startsWith(`${SECTION}.`))
        .map(([key, v]) => [key.slice(SECTION.length + 1), v]),
    ),
  );
  if (isObject(value[SECTION])) return { ...expandDotted(value[SECTION] as Json), ...dotted };
  if (Object.keys(dotted).length) return dotted;
  const own = expandDotted(value);
  return FIELDS.some((field) => field in own) ? own : undefined;
}

/** `{"macros.glossary": x}` → `{macros: {glossary: x}}`; nested objects are kept as they are. */
function expandDotted(value: Json): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    const path = key.split('.');
    let at = out;
    for (const part of path.slice(0, -1)) at = isObject(at[part]) ? (at[part] as Json) : (at[part] = {});
    const last = path[path.length - 1];
    at[last] = isObject(v) && isObject(at[last]) ? { ...(at[last] as Json), ...v } : v;
  }
  return out;
}

/** The fields of a section that are well formed; anything else is left out (the default stays). */
export function settingsPatch(value: unknown): SettingsPatch {
  const section = glossarySection(value);
  if (!section) return {};
  const patch: SettingsPatch = {};
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((item): item is string => typeof item === 'string') : undefined);
  const roots = strings(section.contentRoots);
  if (roots) patch.contentRoots = roots;
  const macros = isObject(section.macros) ? strings(section.macros.glossary) : undefined;
  if (macros) patch.glossaryMacros = macros;
  if (isObject(section.severity)) {
    patch.severity = Object.fromEntries(Object.entries(section.severity).filter(([, v]) => typeof v === 'string' && SEVERITIES.has(v))) as Record<string, SeverityName>;
  }
  if (isObject(section.validate) && typeof section.validate.onType === 'boolean') patch.validateOnType = section.validate.onType;
  if (typeof section.logLevel === 'string' && LOG_LEVELS.has(section.logLevel)) patch.logLevel = section.logLevel as GlossarySettings['logLevel'];
  if (isObject(section.aliases)) patch.aliases = aliasesOf(section.aliases);
  return patch;
}

/** `glossary.aliases`: each term's list of strings (other items dropped), or false; anything else is left out. */
function aliasesOf(value: Json): GlossarySettings['aliases'] {
  const aliases: GlossarySettings['aliases'] = {};
  for (const [term, words] of Object.entries(value)) {
    if (words === false) aliases[term] = false;
    else if (Array.isArray(words)) aliases[term] = words.filter((word): word is string => typeof word === 'string');
  }
  return aliases;
}

/** The settings in force: each field from the last source that gave it, else the default. */
export function resolveSettings(...patches: SettingsPatch[]): GlossarySettings {
  const merged: SettingsPatch = Object.assign({}, ...patches);
  return {
    contentRoots: merged.contentRoots ?? defaultSettings.contentRoots,
    macros: { glossary: merged.glossaryMacros ?? defaultSettings.macros.glossary },
    severity: merged.severity ?? defaultSettings.severity,
    validate: { onType: merged.validateOnType ?? defaultSettings.validate.onType },
    logLevel: merged.logLevel ?? defaultSettings.logLevel,
    aliases: merged.aliases ?? defaultSettings.aliases,
  };
}

/** Macro names (lowercase) that behave like Glossary: MDN's and the configured ones. */
export function glossaryMacroNames(settings: GlossarySettings): string[] {
  return [...new Set([...GLOSSARY_MACROS, ...settings.macros.glossary.map((name) => name.toLowerCase())])].sort();
}
