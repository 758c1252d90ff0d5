/**
 * Macro names and arguments against the catalog of known macros, as MDN's build checks them:
 * an unknown name renders "unsupported templ" (`templ-unknown`); a missing required argument or an
 * argument of the wrong type makes the macro fail (`templ-invalid-arg`). Extra arguments beyond the
 * declared ones are ignored by MDN's build, so they are never reported. Pure.
 */
import { isKnownMacro, macroSpec, MacroParameter, MacroSpec } from '../syntax/macroTable';
import type { ScannedDocument } from '../syntax/document';
import type { Macro, MacroArg } from '../syntax/macros';
import { DEFAULT_SEVERITY, Finding } from './findings';

export interface MacroArgOptions {
  /** Macro names (lowercase) that behave like Glossary: known, whatever the catalog says. */
  glossaryMacros?: ReadonlySet<string>;
}

/** The `templ-unknown` and `templ-invalid-arg` findings of a page's macros. */
export function macroFindings(doc: ScannedDocument, options: MacroArgOptions = {}): Finding[] {
  const glossaryMacros = options.glossaryMacros ?? new Set<string>();
  const findings: Finding[] = [];
  for (const macro of doc.macros) {
    const finding = macroFinding(doc.text, macro, glossaryMacros);
    if (finding) findings.push(finding);
  }
  return findings;
}

export function macroFinding(text: string, macro: Macro, glossaryMacros: ReadonlySet<string>): Finding | undefined {
  const name = macro.name.toLowerCase();
  const base = { start: macro.start, end: macro.end, target: null, suggestion: null };
  const spec = specOf(macro.name);
  if (!spec) {
    if (isKnownMacro(macro.name, glossaryMacros)) return undefined;
    return { ...base, code: 'templ-unknown', severity: DEFAULT_SEVERITY['templ-unknown'], message: `Macro ${name} does not exist` };
  }
  if (spec.ignoresArguments) return undefined;
  // Glossary and the link macros already report a missing first argument as a broken link.
  const reportsMissingTarget = spec.slugs !== undefined || glossaryMacros.has(name);
  // MDN's build stops at the first bad argument.
  for (let i = 0; i < spec.parameters.length; i++) {
    const problem = argumentProblem(text, spec.parameters[i], macro.args[i]);
    if (!problem) continue;
    if (problem === 'missing' && i === 0 && reportsMissingTarget) return undefined;
    const param = spec.parameters[i];
    const message =
      problem === 'missing'
        ? `Macro ${name}: argument ${i + 1} (${param.name}) must be provided`
        : `Macro ${name} received argument (${text.slice(macro.args[i].start, macro.args[i].end)}) which is not valid: ${param.name} ${problem}`;
    return { ...base, code: 'templ-invalid-arg', severity: DEFAULT_SEVERITY['templ-invalid-arg'], message };
  }
  return undefined;
}

/** The catalog entry of a name; `{{_name(…)}}` (expected-missing marker of newer MDN builds) is `name`. */
function specOf(name: string): MacroSpec | undefined {
  return macroSpec(name) ?? (name.startsWith('_') ? macroSpec(name.replace(/^_+/, '')) : undefined);
}

/** What is wrong with an argument: `missing`, `must be a string`, `must be an integer`, or undefined. */
export function argumentProblem(text: string, param: MacroParameter, arg: MacroArg | undefined): string | undefined {
  // An empty string or a skipped position counts as a missing argument.
  const missing = !arg || arg.kind === 'empty' || (arg.kind === 'string' && arg.value === '');
  if (missing) return param.optional ? undefined : 'missing';
  switch (param.type) {
    case 'any':
      return undefined;
    case 'string':
      return arg.kind === 'string' ? undefined : 'must be a string';
    case 'integer':
      return arg.kind === 'number' && /^-?\d+$/.test(text.slice(arg.start, arg.end)) ? undefined : 'must be an integer';
  }
}
