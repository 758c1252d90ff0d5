/**
 * Slugs, folders and URLs, as MDN maps them. A page `files/<locale>/<folder>/index.md` has the URL
 * `/<Locale>/docs/<slug>`; the folder is the slug with a few characters spelled out, lowercased.
 */

/** `Glossary/Cross-site_scripting` → `glossary/cross-site_scripting`; `a::b` → `a_doublecolon_b`. */
export function slugToFolder(slug: string): string {
  if (!/[*:?]/.test(slug)) return slug.toLowerCase();
  return slug.replace(/\*/g, '_star_').replace(/::/g, '_doublecolon_').replace(/:/g, '_colon_').replace(/\?/g, '_question_').toLowerCase();
}

/** Locale folder names are lowercase; URLs use MDN's casing. */
const URL_LOCALES: Record<string, string> = {
  'en-us': 'en-US',
  es: 'es',
  fr: 'fr',
  ja: 'ja',
  ko: 'ko',
  'pt-br': 'pt-BR',
  ru: 'ru',
  'zh-cn': 'zh-CN',
  'zh-tw': 'zh-TW',
  de: 'de',
};

export const DEFAULT_LOCALE = 'en-us';

/** `en-us` → `en-US`, `pt-br` → `pt-BR`, `vi` → `vi`. */
export function urlLocale(folderLocale: string): string {
  const lower = folderLocale.toLowerCase();
  if (URL_LOCALES[lower]) return URL_LOCALES[lower];
  const [language, region] = lower.split('-');
  return region ? `${language}-${region.toUpperCase()}` : language;
}

/** `/en-US/docs/Web/API` → `{ locale: 'en-us', slug: 'Web/API' }`; undefined for other paths. */
export function parseDocsUrl(path: string): { locale: string; slug: string } | undefined {
  const match = /^\/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\/docs\/(.+)$/.exec(path);
  if (!match) return undefined;
  return { locale: match[1].toLowerCase(), slug: match[2] };
}

export function docsUrl(locale: string, slug: string): string {
  return `/${urlLocale(locale)}/docs/${slug}`;
}

/** Split `path#hash`. A `?query` stays in the path: MDN's build looks it up as part of the slug (and finds no page). */
export function splitHash(target: string): { path: string; hash: string } {
  const hashAt = target.indexOf('#');
  return hashAt === -1 ? { path: target, hash: '' } : { path: target.slice(0, hashAt), hash: target.slice(hashAt) };
}

/** The key a page is found by: locale and folder, both lowercase. */
export function pageKey(locale: string, slug: string): string {
  return `${locale.toLowerCase()}/${slugToFolder(slug)}`;
}

/**
 * The slug a URL's page is found by, as MDN's build finds it: component by component, so empty
 * components (a trailing `/`, a doubled `//`) fall away; never percent-decoded. Undefined when a
 * component is `.` or `..`, or holds a backslash or NUL: such a path never resolves (it would
 * climb out of its locale).
 */
export function lookupSlug(slug: string): string | undefined {
  if (slug.includes('\\') || slug.includes('\0')) return undefined;
  const components = slug.split('/').filter((component) => component !== '');
  if (components.length === 0 || components.some((component) => component === '.' || component === '..')) return undefined;
  return components.join('/');
}

/**
 * A slug from a URL, decoded and made safe (for naming a file to create): undefined when it would climb out of its locale
 * (`..` segments, encoded or not) or is not valid percent-encoding.
 */
export function safeSlug(slug: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '') || decoded.includes('\\') || decoded.includes('\0')) {
    return undefined;
  }
  return decoded;
}
