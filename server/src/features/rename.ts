/**
 * Rename a page, as MDN's `content move` does, in one workspace edit: the page's folder (its
 * images, examples and subpages with it) moves to the folder of the new slug in every locale where
 * it exists, `slug:` changes in each moved page, every macro and link that resolves to a moved
 * page is rewritten to the new slug (keeping how it is written and the text it shows), and the
 * `_redirects.txt` of every locale stays valid: `old → new` rows added, rows that pointed at an
 * old URL re-pointed, rows from URLs that are pages now dropped.
 *
 * The edit is safe in any client. Everything that can refuse is checked on disk first: sources
 * exist, destinations do not (indexed or not), every derived slug is valid and stays in its
 * `files/<locale>/`, the new slug is not under the old one. Then the edit is ordered so that a
 * client failing a file operation has changed nothing: file operations first (the ones most likely
 * to fail first), then text edits addressed to the new URIs, then the removal of emptied folders.
 *
 * Started from a Glossary macro's term (the new name is a term), a `/docs/` link's target or the
 * `slug:` line of a page (the new name is a slug).
 */
import * as nodePath from 'node:path';
import {
  ClientCapabilities,
  CreateFile,
  DeleteFile,
  OptionalVersionedTextDocumentIdentifier,
  Position,
  RenameFile,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import type { Page } from '../content/contentIndex';
import type { DirectoryEntry, EntryKind } from '../content/fileSystem';
import { slugEdit } from '../content/frontMatterEdit';
import { glossarySlug } from '../syntax/macroTable';
import { OffsetEdit, redirectEdits } from '../content/redirects';
import { docsUrl, parseDocsUrl, slugToFolder, splitHash } from '../content/slugs';
import { fixFor } from '../resolve/pageFindings';
import { LineIndex } from '../syntax/positions';
import { fileUri, FeatureContext, PageDocument } from './context';
import { candidateReferrers, ReadText, ReferenceSite, referenceSitesOn } from './findReferences';
import { invalidSlugReason, linkSlugSpan, newSlugFor, RenameError, renameSubject } from './renameSubject';

export { RenameError, renameSubject, prepareRename, invalidSlugReason, newSlugFor, type RenameSubject } from './renameSubject';

/** What the client can apply (`workspace.workspaceEdit` capabilities, and who it is). */
export interface RenameClient {
  documentChanges: boolean;
  /** `create`, `rename`, `delete`. */
  resourceOperations: readonly string[];
  /** `clientInfo`, for the limits of known clients that no capability states. */
  name?: string;
  version?: string;
}

/** The client's rename abilities from what it said in `initialize`. */
export function renameClientOf(capabilities: ClientCapabilities, clientInfo?: { name: string; version?: string }): RenameClient {
  const workspaceEdit = capabilities.workspace?.workspaceEdit;
  return { documentChanges: !!workspaceEdit?.documentChanges, resourceOperations: workspaceEdit?.resourceOperations ?? [], name: clientInfo?.name, version: clientInfo?.version };
}

/**
 * What a rename may look at on disk, only ever inside the content roots: whether a destination
 * is taken, what a folder holds. The real file system ({@link nodeFileSystem}) is one.
 */
export interface RenameFiles {
  /** The kind of what is at `path` (following symlinks), or undefined when nothing is. */
  kindOf(path: string): Promise<EntryKind | undefined>;
  readDirectory(path: string): Promise<DirectoryEntry[]>;
  /** The path with symlinks resolved (undefined: nothing there); without it, symlinks are not checked. */
  realPathSync?(path: string): string | undefined;
}

export interface RenameEnvironment {
  readText: ReadText;
  files: RenameFiles;
  client: RenameClient;
}

/** What is being renamed, and where its name is written in the document. */
/** One page that moves. */
export interface MovedPage {
  page: Page;
  oldSlug: string;
  newSlug: string;
  oldUrl: string;
  newUrl: string;
  /** Where its index.md is after the move (its folder moves with the page's). */
  newPath: string;
}

/** One folder that moves: a locale's copy of the page's folder, with all it holds. */
export interface FolderMove {
  from: string;
  to: string;
  /** The locale folder both are in (`files/en-us`). */
  localeDir: string;
  /** The folder `to` goes into does not exist yet: only a client that creates parents can do it. */
  newParent: boolean;
}

/** `a` is `b` or inside it (absolute paths). */
const within = (a: string, b: string) => a === b || a.startsWith(b.endsWith(nodePath.sep) ? b : b + nodePath.sep);

/**
 * The pages that move when `root` gets `newRoot`: the page and its subpages, in every locale, each
 * with its new slug. Refuses when a subpage's slug is not under the page's (its new slug would be
 * a guess) or when a new slug is invalid or leaves its `files/<locale>/` (a `..` in a slug).
 */
export function movedPages(root: Page, newRoot: string, ctx: FeatureContext): MovedPage[] {
  const moved: MovedPage[] = [];
  const prefix = root.folder + '/';
  const rootSlug = root.slug.toLowerCase();
  for (const page of ctx.index.allPages()) {
    if (page.folder !== root.folder && !page.folder.startsWith(prefix)) continue;
    const lower = page.slug.toLowerCase();
    if (lower !== rootSlug && !lower.startsWith(rootSlug + '/')) {
      throw new RenameError(`${page.path} moves with ${root.slug}, but its slug ${page.slug} is not under ${root.slug}: correct its slug: first.`);
    }
    const newSlug = newRoot + page.slug.slice(root.slug.length);
    const reason = invalidSlugReason(newSlug);
    if (reason) throw new RenameError(`${page.path} would get the slug ${newSlug}: ${reason}`);
    const localeDir = nodePath.join(page.filesDir, page.locale);
    const newPath = nodePath.join(localeDir, ...slugToFolder(newSlug).split('/'), 'index.md');
    if (!within(newPath, localeDir) || newPath === nodePath.join(localeDir, 'index.md')) {
      throw new RenameError(`${page.path} would move to ${newPath}, outside ${localeDir}.`);
    }
    moved.push({ page, oldSlug: page.slug, newSlug, oldUrl: docsUrl(page.locale, page.slug), newUrl: docsUrl(page.locale, newSlug), newPath });
  }
  return moved.sort((a, b) => a.page.path.localeCompare(b.page.path));
}

/** Known clients' limits that no capability states, from their sources. */
function clientLimits(client: RenameClient): { movesFolders: boolean; createsParents: boolean; name: string } {
  const name = client.name ?? 'This editor';
  if (/^neovim$/i.test(client.name ?? '')) {
    const [major, minor] = (client.version ?? '0.0').split('.').map(Number);
    const at = (a: number, b: number) => major > a || (major === a && minor >= b);
    // vim.lsp.util.rename saves the old path as a buffer (E502 on a folder) before 0.9, and
    // creates the destination's parent folder only from 0.10.
    return { movesFolders: at(0, 9), createsParents: at(0, 10), name: `Neovim ${client.version ?? ''}`.trim() };
  }
  return { movesFolders: true, createsParents: true, name };
}

/** `textDocument/rename`: the whole move as one workspace edit. */
export async function rename(doc: PageDocument, position: Position, newName: string, ctx: FeatureContext, env: RenameEnvironment): Promise<WorkspaceEdit> {
  const subject = renameSubject(doc, position, ctx);
  const root = subject.page;
  const newRoot = newSlugFor(subject, newName);
  if (newRoot === root.slug) throw new RenameError(`The page is already ${root.slug}.`);
  const newFolder = slugToFolder(newRoot);
  if (newFolder.startsWith(root.folder + '/')) {
    throw new RenameError(`${newRoot} is under ${root.slug}: a page cannot move into its own subpages (its old URL would redirect into itself).`);
  }
  const moved = movedPages(root, newRoot, ctx);
  const movedByPath = new Map(moved.map((move) => [move.page.path, move]));

  // The new slugs must be free in the index (a case-only rename keeps its own folder)…
  for (const move of moved) {
    const existing = ctx.index.page(move.page.locale, move.newSlug);
    if (existing && !movedByPath.has(existing.path)) {
      throw new RenameError(`${move.newUrl} already exists (${existing.path}): choose another name.`);
    }
  }
  // …and the folders free on disk.
  const folderMoves = newFolder === root.folder ? [] : await folderMovesOf(root, newFolder, moved, ctx, env.files);
  const newPathOf = (path: string) => {
    for (const move of folderMoves) if (within(path, move.from)) return move.to + path.slice(move.from.length);
    return path;
  };

  // Every reference to a moved page, in every locale.
  const files = new Map<string, { version: number | null; text: string; edits: OffsetEdit[] }>();
  const fileOf = (path: string, text: string, version: number | null) => {
    let file = files.get(path);
    if (!file) files.set(path, (file = { version, text, edits: [] }));
    return file;
  };
  const targets = moved.map((move) => move.page);
  const referrers = candidateReferrers(targets, ctx);
  for (const site of await referenceSitesOn(referrers, targets, ctx, env.readText)) {
    if (site.kind !== 'reference') continue;
    const move = movedByPath.get(site.resolution.page!.path)!;
    const edits = referenceEdits(site, move);
    if (edits === 'impossible') {
      const macro = site.reference.macro ?? 'macro';
      throw new RenameError(
        site.reference.glossary
          ? `${site.path} refers to ${move.oldSlug} with a ${macro} macro, which can only name pages under Glossary/: keep the new slug under Glossary/.`
          : `${site.path} refers to ${move.oldSlug} with a ${macro} macro, which cannot name ${move.newSlug}: choose a slug that macro can name, or change that reference first.`,
      );
    }
    fileOf(site.path, site.text, site.version).edits.push(...edits);
  }

  // The slug: of every moved page, through its YAML.
  for (const move of moved) {
    const source = await env.readText(move.page.path);
    if (!source) throw new RenameError(`Cannot read ${move.page.path}.`);
    const edit = slugEdit(source.text, move.newSlug);
    if ('error' in edit) throw new RenameError(`Cannot change the slug of ${move.page.path}: ${edit.error}.`);
    if ('edit' in edit) fileOf(move.page.path, source.text, source.version).edits.push(edit.edit);
  }

  // Redirects, in every locale (a translation's redirect may point at an English page that moves).
  const redirectFiles = await redirectChanges(moved, ctx, env);

  // What the client can apply.
  const limits = clientLimits(env.client);
  const needs = new Set<string>();
  if (folderMoves.length) needs.add('rename');
  if (redirectFiles.some((file) => file.created)) needs.add('create');
  const supported = env.client.documentChanges ? new Set(env.client.resourceOperations) : new Set<string>();
  const missing = [...needs].filter((operation) => !supported.has(operation));
  if (missing.length) {
    throw new RenameError(
      `This editor cannot ${missing.includes('rename') ? 'move files' : 'create files'} in a workspace edit ` +
        `(workspace.workspaceEdit.documentChanges and resourceOperations "${missing.join('", "')}"): a page's folder must move with its slug. Nothing was changed.`,
    );
  }
  if (folderMoves.length && !limits.movesFolders) {
    throw new RenameError(`${limits.name} cannot move a folder in a workspace edit (Neovim 0.9 and later can): ${root.slug} was not moved, and nothing was changed.`);
  }
  const needsParent = folderMoves.find((move) => move.newParent);
  if (needsParent && !limits.createsParents) {
    throw new RenameError(
      `${limits.name} cannot create the folder ${nodePath.dirname(needsParent.to)} that ${newRoot} goes into (Neovim 0.10 and later can): create its parent page first. Nothing was changed.`,
    );
  }

  const lspEdits = (text: string, edits: OffsetEdit[]): TextEdit[] => {
    const lines = new LineIndex(text);
    return dedupe(edits)
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map((edit) => ({ range: lines.rangeOf(edit.start, edit.end), newText: edit.newText }));
  };
  const pageFiles = [...files.entries()].sort(([a], [b]) => a.localeCompare(b)).filter(([, file]) => file.edits.length);
  if (!env.client.documentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const [path, file] of pageFiles) changes[fileUri(path)] = lspEdits(file.text, file.edits);
    for (const file of redirectFiles) changes[fileUri(file.path)] = lspEdits(file.text, file.edits);
    return { changes };
  }
  // Versions are checked only when nothing moves: after a folder has moved, a failed check would
  // stop the client half-way, and a moved document's version belongs to its old URI.
  const checkVersions = folderMoves.length === 0;
  const textEdit = (path: string, version: number | null, edits: TextEdit[]) =>
    TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(fileUri(newPathOf(path)), checkVersions ? version : null), edits);
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  // The moves most likely to fail (a parent folder to create) first: a client that cannot do it
  // stops before anything changed.
  for (const move of [...folderMoves].sort((a, b) => Number(b.newParent) - Number(a.newParent))) {
    documentChanges.push(RenameFile.create(fileUri(move.from), fileUri(move.to), { overwrite: false, ignoreIfExists: false }));
  }
  for (const file of redirectFiles) if (file.created) documentChanges.push(CreateFile.create(fileUri(file.path), { overwrite: false, ignoreIfExists: false }));
  for (const [path, file] of pageFiles) documentChanges.push(textEdit(path, file.version, lspEdits(file.text, file.edits)));
  for (const file of redirectFiles) documentChanges.push(textEdit(file.path, file.version, lspEdits(file.text, file.edits)));
  // Folders the moves emptied go last: if removing one fails, the move itself is complete.
  if (supported.has('delete')) {
    for (const folder of await emptiedFolders(folderMoves, env.files)) documentChanges.push(DeleteFile.create(fileUri(folder), { recursive: false, ignoreIfNotExists: false }));
  }
  return { documentChanges };
}

/**
 * The folders to move: in each locale of each content root, the page's folder (found from the
 * moved pages' own paths, and probed where a locale has the folder without an indexed page). Each
 * must be a real folder inside its locale folder, and its destination must be free on disk.
 */
async function folderMovesOf(root: Page, newFolder: string, moved: MovedPage[], ctx: FeatureContext, files: RenameFiles): Promise<FolderMove[]> {
  const depth = root.folder.split('/').length;
  const sources = new Map<string, string>(); // folder → its locale folder
  for (const move of moved) {
    const localeDir = nodePath.join(move.page.filesDir, move.page.locale);
    const relative = nodePath.relative(localeDir, nodePath.dirname(move.page.path)).split(nodePath.sep);
    sources.set(nodePath.join(localeDir, ...relative.slice(0, depth)), localeDir);
  }
  for (const filesDir of ctx.index.filesDirs) {
    for (const locale of ctx.index.locales()) {
      const localeDir = nodePath.join(filesDir, locale);
      const candidate = nodePath.join(localeDir, ...root.folder.split('/'));
      if (![...sources.keys()].some((source) => source.toLowerCase() === candidate.toLowerCase()) && (await files.kindOf(candidate)) === 'directory')
        sources.set(candidate, localeDir);
    }
  }
  const realInside = (path: string, localeDir: string) => {
    if (!files.realPathSync) return true;
    const real = files.realPathSync(path);
    const realLocale = files.realPathSync(localeDir);
    return !real || !realLocale || within(real, realLocale);
  };
  const folderMoves: FolderMove[] = [];
  for (const [from, localeDir] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    const to = nodePath.join(localeDir, ...newFolder.split('/'));
    if (!within(from, localeDir) || !within(to, localeDir) || to === localeDir) throw new RenameError(`${from} → ${to} leaves ${localeDir}.`);
    if ((await files.kindOf(from)) !== 'directory') throw new RenameError(`${from} is not a folder on disk: the index is out of date; try again.`);
    if (!realInside(from, localeDir)) throw new RenameError(`${from} is a symbolic link out of ${localeDir}: it is not moved.`);
    if ((await files.kindOf(to)) !== undefined) throw new RenameError(`${to} already exists on disk: choose another name, or move what is there first.`);
    let parent = nodePath.dirname(to);
    let newParent = false;
    while (parent !== localeDir && (await files.kindOf(parent)) === undefined) {
      newParent = true;
      parent = nodePath.dirname(parent);
    }
    if ((await files.kindOf(parent)) !== 'directory') throw new RenameError(`${parent} is not a folder: ${to} cannot be created.`);
    if (!realInside(parent, localeDir)) throw new RenameError(`${parent} is a symbolic link out of ${localeDir}: nothing is moved there.`);
    folderMoves.push({ from, to, localeDir, newParent });
  }
  return folderMoves;
}

/** Folders that hold nothing once the moves are done (a locale had only the subpage that moved). */
async function emptiedFolders(folderMoves: FolderMove[], files: RenameFiles): Promise<string[]> {
  const emptied: string[] = [];
  for (const move of folderMoves) {
    let leaving = move.from;
    for (let folder = nodePath.dirname(move.from); folder !== move.localeDir && within(folder, move.localeDir); folder = nodePath.dirname(folder)) {
      const entries = await files.readDirectory(folder).catch(() => undefined);
      if (!entries || entries.length !== 1 || entries[0].name !== nodePath.basename(leaving) || within(move.to, folder)) break;
      emptied.push(folder);
      leaving = folder;
    }
  }
  // Deepest first: each is empty when its turn comes.
  return [...new Set(emptied)].sort((a, b) => b.length - a.length);
}

interface RedirectFile {
  path: string;
  created: boolean;
  version: number | null;
  text: string;
  edits: OffsetEdit[];
}

/** The `_redirects.txt` edits of every locale folder of every root. */
async function redirectChanges(moved: MovedPage[], ctx: FeatureContext, env: RenameEnvironment): Promise<RedirectFile[]> {
  const retarget = new Map(moved.map((move) => [move.oldUrl.toLowerCase(), move.newUrl]));
  const nowPages = new Set(moved.map((move) => move.newUrl.toLowerCase()));
  const changed: RedirectFile[] = [];
  const seen = new Set<string>();
  const localeDirs: Array<{ localeDir: string; locale: string }> = [];
  for (const move of moved) localeDirs.push({ localeDir: nodePath.join(move.page.filesDir, move.page.locale), locale: move.page.locale });
  for (const filesDir of ctx.index.filesDirs) for (const locale of ctx.index.locales()) localeDirs.push({ localeDir: nodePath.join(filesDir, locale), locale });
  for (const { localeDir, locale } of localeDirs) {
    if (seen.has(localeDir)) continue;
    seen.add(localeDir);
    const path = nodePath.join(localeDir, '_redirects.txt');
    const kind = await env.files.kindOf(path);
    if (kind === undefined && (await env.files.kindOf(localeDir)) !== 'directory') continue;
    if (kind !== undefined && kind !== 'file') throw new RenameError(`${path} is not a file: the redirects cannot be kept.`);
    const source = kind === 'file' ? await env.readText(path) : undefined;
    if (kind === 'file' && !source) throw new RenameError(`Cannot read ${path}: the redirects cannot be kept.`);
    // Rows added only where pages moved, and not for a case-only change (the URL still finds the page).
    const added = moved
      .filter((move) => nodePath.join(move.page.filesDir, move.page.locale) === localeDir && move.oldUrl.toLowerCase() !== move.newUrl.toLowerCase())
      .map((move): [string, string] => [move.oldUrl, move.newUrl]);
    const edits = redirectEdits(source?.text, { added, retarget, nowPages: new Set([...nowPages].filter((url) => parseDocsUrl(url)?.locale === locale)) });
    if (edits.length) changed.push({ path, created: !source, version: source?.version ?? null, text: source?.text ?? '', edits });
  }
  return changed.sort((a, b) => a.path.localeCompare(b.path));
}

function dedupe(edits: OffsetEdit[]): OffsetEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.start}:${edit.end}:${edit.newText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The edits that make one reference point at its page's new slug, keeping how it is written: a
 * macro's spelling and quotes, the text it shows (a macro without a display argument gets its old
 * text as one, so the page reads the same), the `#hash`, a link's form (with or without locale,
 * with or without the origin). `impossible`: the macro cannot name the new slug.
 */
export function referenceEdits(site: Extract<ReferenceSite, { kind: 'reference' }>, move: MovedPage): OffsetEdit[] | 'impossible' {
  const { reference, text } = site;
  if (reference.kind === 'link') {
    const span = linkSlugSpan(text.slice(reference.start, reference.end));
    if (!span) return [];
    return [{ start: reference.start + span.start, end: reference.start + span.end, newText: move.newSlug }];
  }
  if (reference.glossary) {
    // Macros find their page case-insensitively: a term that already names the new slug stays.
    const writtenTerm = splitHash(text.slice(reference.argStart, reference.argEnd)).path;
    if (glossarySlug(writtenTerm).toLowerCase() === move.newSlug.toLowerCase()) return [];
  }
  const fix = fixFor(text, reference, docsUrl(reference.locale, move.newSlug) + reference.hash);
  return fix ? [fix.edit] : 'impossible';
}
