/** Shared pieces of the property tests (tests/fuzz): run counts, UTF-16 strings, fragment lists. */
import fc from 'fast-check';

/** fast-check parameters: a fixed seed and FUZZ_RUNS runs (`runs` when unset). */
export function fuzzParams(seed: number, runs = 300): { seed: number; numRuns: number } {
  return { seed, numRuns: Number(process.env.FUZZ_RUNS ?? runs) };
}

/** Any UTF-16 code unit, lone surrogates included. */
export const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
export const utf16String = fc.string({ unit: codeUnit, maxLength: 200 });

/** Up to `maxLength` draws of `fragment`, joined. */
export const joined = (fragment: fc.Arbitrary<string>, maxLength: number) => fc.array(fragment, { maxLength }).map((parts) => parts.join(''));

/** Two texts as a page: the first as front matter, the second as body. */
export const pageOf = (text: fc.Arbitrary<string>) => fc.tuple(text, text).map(([frontMatter, body]) => `---\n${frontMatter}\n---\n${body}`);

// Runs of fragments that several fragment lists share, in the order they use them.
export const MACRO_PUNCTUATION = ['{{', '}}', '{', '}', '(', ')', '"', "'", '`', '```', '~~~', '\\', ',', ' '];
export const BREAKS = ['\t', '\n', '\r\n', '\n\n'];
export const COMMENT_AND_FENCE = ['<!--', '-->', '---\n', '---'];
export const ODD_UNITS = ['😀', '\ud800', '\udc00', 'é'];
export const LINK_PARTS = ['[a](', '](', ']: ', '[r]: ', '<a href="', '">', '/en-US/docs/', '/fr/docs/', '/docs/', 'https://developer.mozilla.org/', 'Glossary/API', 'Web/API'];
/** The characters slugs spell out in folder names. */
export const SLUG_SPECIALS = [':', '?', '*'];
