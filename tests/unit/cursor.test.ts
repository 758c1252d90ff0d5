/**
 * The cursor parser (syntax/cursor.ts) and completion on top of it: what a half-typed text at the
 * cursor is, on one line and in a macro that spans lines (wherever signature help works), and the
 * "counting…" usage shown while references are still being scanned.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cursorContext } from '../../server/src/syntax/cursor';
import { macroCallAt } from '../../server/src/syntax/cursor';
import { completions } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { pageDocument } from '../../server/src/features/context';
import { GLOSSARY_MACROS } from '../../server/src/content/pageReferences';
import { buildTree } from '../helpers/content';

/** The context at the `|` in `marked`. */
function at(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, context: cursorContext(text, offset) };
}

describe('cursorContext', () => {
  it('reads a half-typed first argument on one line, quoted or not', () => {
    expect(at('See {{Glossary("cros|').context).toMatchObject({ kind: 'macro-arg', macroName: 'Glossary', argIndex: 0, quote: '"', closing: { text: '")}}' } });
    expect(at("{{glossary('cros|").context).toMatchObject({ kind: 'macro-arg', quote: "'" });
    expect(at('{{Glossary(cros|').context).toMatchObject({ kind: 'macro-arg', quote: undefined, closing: { text: ')}}' } });
  });

  it.each([
    ['the argument on the next line', '{{Glossary(\n  "cros|'],
    ['the parenthesis on the next line', '{{Glossary\n(\n"cros|'],
    ['a blank line inside', '{{Glossary(\n\n  "cros|'],
    ['CRLF line ends', '{{Glossary(\r\n  "cros|'],
    ['after text on the lines before', 'Intro text\nSee {{ Glossary(\n    "cros|'],
  ])('reads a first argument in a macro that spans lines: %s', (_, marked) => {
    const { text, offset, context } = at(marked);
    expect(context).toMatchObject({ kind: 'macro-arg', macroName: 'Glossary', argIndex: 0, quote: '"' });
    expect(text.slice((context as { start: number }).start, offset)).toBe('cros');
    // Signature help sees the same macro call.
    expect(macroCallAt(text, offset)).toMatchObject({ name: 'Glossary', argIndex: 0 });
  });

  it('reads a second argument on its own line, with the first as written', () => {
    const { context } = at('{{Glossary("property",\n  "|');
    expect(context).toMatchObject({ kind: 'macro-arg', argIndex: 1, firstArg: 'property' });
  });

  it('finds no macro where signature help finds none', () => {
    for (const marked of [
      '{{Glossary("a")}}\n"cros|', // a closed macro before
      '\\{{Glossary(\n"cros|', // escaped
      '{{Glossary("a\nb|', // a string never spans lines
      '{{Glossary("a")\n, "b|', // after the closing parenthesis
      '{{Glossary(\nHe said "hel|', // prose after a broken macro
    ]) {
      const { text, offset, context } = at(marked);
      expect(context?.kind === 'macro-arg' ? context : undefined, JSON.stringify(marked)).toBeUndefined();
      expect(macroCallAt(text, offset) === undefined || context === undefined, JSON.stringify(marked)).toBe(true);
    }
  });

  it('keeps a macro name on the line of its braces', () => {
    expect(at('{{Gloss|').context).toMatchObject({ kind: 'macro-name' });
    expect(at('{{\nGloss|').context).toBeUndefined();
  });

  it('looks back no further than signature help does', () => {
    const far = '{{Glossary(\n' + ' '.repeat(2100) + '"cros|';
    expect(at(far).context).toBeUndefined();
  });

  it('still reads link targets on the cursor line only', () => {
    expect(at('[x](/en-US/docs/Web/|').context).toMatchObject({ kind: 'link-target', typed: '/en-US/docs/Web/' });
    expect(at('[x](\n/en-US/docs/Web/|').context).toBeUndefined();
  });
});

describe('cursorContext on any text', () => {
  const fragments = ['{{', '}}', '(', ')', '"', "'", '`', '\\', ',', ' ', '\t', '\n', '\r\n', 'Glossary', 'x', '[a](', '/en-US/docs/', '😀', '\ud800'];
  const text = fc.array(fc.constantFrom(...fragments), { maxLength: 80 }).map((parts) => parts.join(''));
  it('never throws, and every range it gives is inside the text and around the cursor', () => {
    fc.assert(
      fc.property(text, fc.nat(), (value, at) => {
        const offset = value.length ? at % (value.length + 1) : 0;
        const context = cursorContext(value, offset);
        if (!context) return;
        const [start, end] = context.kind === 'macro-name' ? [context.start, context.nameEnd] : [context.start, context.end];
        expect(0 <= start && start <= offset && offset <= end && end <= value.length).toBe(true);
        if (context.kind === 'macro-arg') expect(context.closing.end).toBeGreaterThanOrEqual(context.end);
      }),
      { seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
  });
});

describe('completion in a macro that spans lines, and usage while references are counted', () => {
  const tree = {
    pages: {
      'en-us': {
        'Glossary/Cross-site_scripting': 'Cross-site scripting.',
        'Glossary/API': 'An API.',
        'Learn/Uses': 'Uses {{Glossary("API")}} and {{Glossary("Cross-site_scripting")}}.',
      },
    },
  };

  it('completes {{Glossary(\\n  "cros with the whole macro closed', async () => {
    const { index } = await buildTree(tree);
    const text = 'Some text {{Glossary(\n  "cros';
    const doc = pageDocument('file:///content/files/en-us/learn/new/index.md', text, 1, 'en-us');
    const list = completions(doc, { line: 1, character: 7 }, { index, glossaryMacros: GLOSSARY_MACROS }, { snippetSupport: false });
    expect(list?.items[0]?.label).toBe('Cross-site_scripting');
    const edit = list!.items[0].textEdit as { newText: string; range: { start: { line: number; character: number } } };
    expect(edit.range.start).toEqual({ line: 1, character: 3 });
    expect(edit.newText).toBe('Cross-site_scripting")}}');
  });

  it('says "counting…" in completion and hover until references are scanned, then the count', async () => {
    const { index } = await buildTree(tree);
    const text = '{{Glossary("API")}} {{Glossary("cros';
    const doc = pageDocument('file:///content/files/en-us/learn/new/index.md', text, 1, 'en-us');
    for (const [referencesComplete, usage] of [
      [false, 'used on … pages (counting…)'],
      [true, 'used on 1 page'],
    ] as const) {
      const ctx = { index, glossaryMacros: GLOSSARY_MACROS, referencesComplete };
      const item = completions(doc, { line: 0, character: text.length }, ctx, { snippetSupport: false })!.items[0];
      expect(item.detail).toContain(usage);
      const shown = await hover(doc, { line: 0, character: 13 }, ctx, async () => 1);
      expect((shown!.contents as { value: string }).value).toContain(usage);
    }
  });
});
