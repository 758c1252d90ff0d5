/**
 * Signature help inside a macro's arguments: the macro's parameters from the catalog, their
 * meaning, and which one the cursor is in. Works on half-typed text (no closing `)` or `}}` yet).
 */
import { MarkupKind, Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import { macroCallAt } from '../syntax/cursor';
import { inRegions } from '../syntax/regions';
import { FeatureContext, PageDocument } from './context';
import { macroSignature, MacroParameter } from '../syntax/macroTable';

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
