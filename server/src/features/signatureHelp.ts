/**
 * Signature help inside a macro's arguments: the macro's parameters from the catalog, their
 * meaning, and which one the cursor is in. Works on half-typed text (no closing `)` or `}}` yet).
 */
import { MarkupKind, Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import { inRegions } from '../syntax/regions';
import { FeatureContext, PageDocument } from './context';
import { macroSignature, MacroParameter } from '../content/macroCatalog';

/** The macro call whose argument list holds an offset. */
export interface MacroCall {
  name: string;
  /** Offset of the `{{`. */
  start: number;
  openParen: number;
  /** 0-based index of the argument the offset is in (commas before it, outside strings). */
  argIndex: number;
}

/** How far back the `{{` of a macro is looked for (macros may span lines, but not pages). */
const MAX_LOOKBACK = 2000;

/**
 * The macro call whose parentheses hold `offset`, or undefined: outside a macro, before its `(`,
 * after its `)`, or in an escaped macro (`\{{`). Pure; never throws.
 */
export function macroCallAt(text: string, offset: number): MacroCall | undefined {
  if (offset < 3 || offset > text.length) return undefined;
  const start = text.lastIndexOf('{{', offset - 2);
  if (start === -1 || offset - start > MAX_LOOKBACK) return undefined;
  if (start > 0 && text[start - 1] === '\\') return undefined;
  const head = /^\s*([A-Za-z_][\w\-:]*)\s*\(/.exec(text.slice(start + 2, Math.min(offset, start + 202)));
  if (!head) return undefined;
  const name = head[1];
  const openParen = start + 2 + head[0].length - 1;
  let argIndex = 0;
  let quote: string | undefined;
  for (let i = openParen + 1; i < offset; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      else if (c === '\n') return undefined; // a string never spans lines: this macro is broken
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === ',') argIndex++;
    else if (c === ')' || (c === '}' && text[i + 1] === '}')) return undefined;
  }
  return { name, start, openParen, argIndex };
}

export function signatureHelp(doc: PageDocument, position: Position, ctx: FeatureContext): SignatureHelp | null {
  const offset = doc.lines.offsetAt(position);
  const call = macroCallAt(doc.text, offset);
  if (!call || inRegions(doc.scanned.comments, call.start)) return null;
  // Macros configured to behave like Glossary take its parameters.
  const configured = ctx.glossaryMacros.has(call.name.toLowerCase()) && !macroSignature(call.name);
  const signature = macroSignature(configured ? 'Glossary' : call.name);
  if (!signature) return null;
  const label = configured ? signature.label.replace(/^\{\{Glossary/, `{{${call.name}`) : signature.label;
  const shift = label.length - signature.label.length;
  const extra = call.argIndex >= signature.parameters.length;
  const documentation = extra
    ? `${signature.documentation}\n\n_Argument ${call.argIndex + 1} is not one of the macro's parameters: MDN's build ignores it._`
    : signature.documentation;
  const information: SignatureInformation = {
    label,
    documentation: { kind: MarkupKind.Markdown, value: documentation },
    parameters: signature.parameters.map((param, i) => ({
      label: [signature.offsets[i][0] + shift, signature.offsets[i][1] + shift] as [number, number],
      documentation: { kind: MarkupKind.Markdown, value: parameterDocumentation(param) },
    })),
    activeParameter: call.argIndex,
  };
  return { signatures: [information], activeSignature: 0, activeParameter: call.argIndex };
}

function parameterDocumentation(param: MacroParameter): string {
  const type = param.type === 'string' ? 'a string' : param.type === 'integer' ? 'an integer' : 'any value';
  return `\`${param.name}\` (${type}${param.optional ? ', optional' : ', required'}): ${param.documentation}`;
}
