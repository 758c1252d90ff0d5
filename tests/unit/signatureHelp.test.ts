/**
 * Signature help in process (features/signatureHelp.ts): the macro's signature from the macro
 * table, the active parameter as the cursor moves, parameter ranges in the label, Markdown
 * documentation, and macros configured to behave like Glossary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignatureHelp } from 'vscode-languageserver';
import type { FeatureContext } from '../../server/src/features/context';
import { signatureHelp } from '../../server/src/features/signatureHelp';
import { featureContext, pageAtCursor } from '../helpers/features';

let ctx: FeatureContext;
let custom: FeatureContext;
beforeAll(async () => {
  ctx = await featureContext({ pages: { 'en-us': ['Glossary/API'] } });
  custom = { ...ctx, glossaryMacros: new Set([...ctx.glossaryMacros, 'term']) };
});

function help(marked: string, context = ctx): SignatureHelp | null {
  const { doc, position } = pageAtCursor(marked);
  return signatureHelp(doc, position, context);
}

/** The parameter names as the label's ranges cut them. */
const parameterLabels = (result: SignatureHelp) => {
  const [signature] = result.signatures;
  return signature.parameters!.map((parameter) => signature.label.slice(...(parameter.label as [number, number])));
};

describe('signature help', () => {
  it.each([
    ['{{Glossary(|', 0],
    ['{{Glossary("API", |', 1],
    ['{{Glossary("API", "the |API")}}', 1],
    ['{{Glossary("a, b|', 0],
  ])('%s: the Glossary signature, parameter %i active', (marked, active) => {
    const result = help(marked)!;
    expect(result.activeSignature).toBe(0);
    expect(result.activeParameter).toBe(active);
    expect(result.signatures[0].label).toBe('{{Glossary(term, display?)}}');
    expect(parameterLabels(result)).toEqual(['term', 'display?']);
    expect(result.signatures[0].parameters![1].documentation).toEqual({ kind: 'markdown', value: '`display` (a string, optional): Link text (default: the term)' });
  });

  it('other macros of the table: their own parameters', () => {
    const result = help('{{domxref("x", "y", |')!;
    expect(result.signatures[0].label).toBe('{{domxref(api_name, display?, anchor?, no_code?)}}');
    expect(parameterLabels(result)).toEqual(['api_name', 'display?', 'anchor?', 'no_code?']);
    expect(result.activeParameter).toBe(2);
    expect(result.signatures[0].parameters![3].documentation).toEqual({ kind: 'markdown', value: expect.stringMatching(/^`no_code` \(any value, optional\)/) });
  });

  it('an argument past the parameters: said in the documentation (MDN ignores it)', () => {
    const result = help('{{Glossary("a", "b", "c", |')!;
    expect(result.activeParameter).toBe(3);
    expect((result.signatures[0].documentation as { value: string }).value).toMatch(/_Argument 4 is not one of the macro's parameters: MDN's build ignores it\._$/);
  });

  it('a macro configured to behave like Glossary takes its signature under its own name', () => {
    const result = help('{{term("API", |', custom)!;
    expect(result.signatures[0].label).toBe('{{term(term, display?)}}');
    expect(parameterLabels(result)).toEqual(['term', 'display?']);
    expect(result.activeParameter).toBe(1);
    expect(help('{{term("API", |')).toBeNull();
  });

  it.each(['Prose |', '{{Glossary("API")}} |', '{{UnknownMacro(|'])('none outside a known macro call: %j', (marked) => {
    expect(help(marked)).toBeNull();
  });
});
