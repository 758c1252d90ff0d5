/**
 * The data of bench section 12 (sections/translations.mjs) and its child task: a synthetic English
 * history of realistic size (default 20,000 commits over 15,000 pages, made with `git fast-import`
 * in seconds), a locale of about 15,000 translated pages whose `l10n.sourceCommit`s are spread over that history, and the
 * time to the status of every page of the locale beyond indexing (target ≤ 2 s).
 *
 * The history is shaped like mdn/content's: squash-merged (linear), most commits touch one to four
 * pages, some sweep dozens, some rename a page (its slug line changes too) or move a whole folder,
 * some touch only files outside files/en-us. Everything comes from a seeded generator.
 */
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../../tests/helpers/seededRandom.mjs';
import { childrenCpuMs } from './harness.mjs';

const AREAS = [
  ['glossary', 700, 0],
  ['web/api', 5200, 60],
  ['web/css', 1500, 30],
  ['web/html', 900, 20],
  ['web/javascript', 2600, 40],
  ['web/http', 900, 20],
  ['web/svg', 700, 15],
  ['web/accessibility', 300, 8],
  ['learn_web_development', 700, 15],
  ['mozilla', 1500, 30],
];

/** An environment for git that no user configuration reaches. */
export function benchGitEnv(home) {
  fs.mkdirSync(home, { recursive: true });
  const config = path.join(home, 'gitconfig');
  fs.writeFileSync(config, '');
  const env = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('GIT_')) env[name] = value;
  return { ...env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: config, LC_ALL: 'C' };
}

function pageText(slug, lines) {
  const title = slug.split('/').pop().replace(/_/g, ' ');
  return `---\ntitle: ${title}\nslug: ${slug}\npage-type: guide\n---\n\n${lines.join('\n\n')}\n`;
}

/**
 * Make the English repository (`<dir>/content`, its files/en-us written out as at HEAD) and the
 * translated tree (`<dir>/translated/files/<locale>`). Returns their `files` folders and facts.
 */
export async function generateSyntheticHistory(dir, { pages = 15_000, commits = 20_000, locale = 'de', seed = 14 } = {}) {
  const rand = seededRandom(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const env = benchGitEnv(path.join(dir, 'home'));
  const repo = path.join(dir, 'content');
  fs.mkdirSync(repo, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env });

  // Pages: folder → { slug, lines }; lines are edited in place by commits.
  const scale = pages / AREAS.reduce((sum, [, count]) => sum + count, 0);
  const live = new Map();
  const folders = [];
  const slugOf = (folder) =>
    folder
      .split('/')
      .map((segment) => segment[0].toUpperCase() + segment.slice(1))
      .join('/');
  for (const [area, count, groups] of AREAS) {
    for (let i = 0; i < Math.round(count * scale); i++) {
      const folder = groups ? `${area}/group_${i % groups}/page_${i}` : `${area}/term_${i}`;
      const lines = Array.from(
        { length: 10 + Math.floor(rand() * 10) },
        (_, n) => `Paragraph ${n} of ${folder}: ${'lorem ipsum dolor sit amet '.repeat(2 + Math.floor(rand() * 4))}`,
      );
      live.set(folder, { slug: slugOf(folder), lines });
      folders.push(folder);
    }
  }

  // glibc's heap trimming makes fast-import spend most of its time in brk (35× slower here).
  const tunables = 'glibc.malloc.trim_threshold=2147483647:glibc.malloc.top_pad=67108864';
  const child = spawn('git', ['fast-import', '--quiet', `--export-marks=${path.join(dir, 'marks')}`], {
    cwd: repo,
    env: { ...env, GLIBC_TUNABLES: tunables },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('close', resolve));
  let buffered = [];
  let bufferedBytes = 0;
  const flush = async () => {
    if (!buffered.length) return;
    const text = buffered.join('');
    buffered = [];
    bufferedBytes = 0;
    if (!child.stdin.write(text)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  };
  const emit = async (text) => {
    buffered.push(text);
    bufferedBytes += text.length;
    if (bufferedBytes > 1 << 20) await flush();
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const modify = (folder) => `M 100644 inline files/en-us/${folder}/index.md\n${data(pageText(live.get(folder).slug, live.get(folder).lines))}`;

  const start = Date.UTC(2021, 0, 1) / 1000;
  const step = Math.floor((Date.UTC(2026, 5, 1) / 1000 - start) / commits);
  let renames = 0;
  let moves = 0;
  let outside = 0;
  for (let c = 0; c < commits; c++) {
    const when = `${start + c * step} +0000`;
    let subject;
    let body = '';
    if (c === 0) {
      subject = 'Initial import';
      for (const folder of folders) body += modify(folder);
      body += `M 100644 inline package.json\n${data('{"name":"content"}')}`;
    } else {
      const kind = rand();
      if (kind < 0.85) {
        const n = 1 + Math.floor(rand() * 4);
        subject = `Update ${n} page${n > 1 ? 's' : ''} (#${c})`;
        for (let k = 0; k < n; k++) {
          const folder = pick(folders);
          const page = live.get(folder);
          page.lines[Math.floor(rand() * page.lines.length)] = `Edited in commit ${c}: ${'consectetur adipiscing '.repeat(2)}`;
          body += modify(folder);
        }
      } else if (kind < 0.9) {
        const n = 10 + Math.floor(rand() * 50);
        subject = `Sweep: fix ${n} pages (#${c})`;
        for (let k = 0; k < n; k++) {
          const folder = pick(folders);
          live.get(folder).lines.push(`Added in sweep ${c}.`);
          body += modify(folder);
        }
      } else if (kind < 0.93) {
        // Rename one page: the folder and the slug line change, the rest stays (git sees a rename).
        const at = Math.floor(rand() * folders.length);
        const from = folders[at];
        const to = `${from.slice(0, from.lastIndexOf('/'))}/renamed_${c}`;
        const page = live.get(from);
        live.delete(from);
        live.set(to, { slug: slugOf(to), lines: page.lines });
        folders[at] = to;
        subject = `Move ${slugOf(from)} to ${slugOf(to)} (#${c})`;
        body += `D files/en-us/${from}/index.md\n${modify(to)}`;
        renames++;
      } else if (kind < 0.932) {
        // Move every page of a group folder.
        const group = pick(folders.filter((folder) => folder.split('/').length === 4)) ?? pick(folders);
        const prefix = group.slice(0, group.lastIndexOf('/'));
        const target = `${prefix}_moved_${c}`;
        subject = `Reorganize ${slugOf(prefix)} (#${c})`;
        folders.forEach((folder, i) => {
          if (!folder.startsWith(prefix + '/')) return;
          const to = target + folder.slice(prefix.length);
          const page = live.get(folder);
          live.delete(folder);
          live.set(to, { slug: slugOf(to), lines: page.lines });
          folders[i] = to;
          body += `D files/en-us/${folder}/index.md\n${modify(to)}`;
          renames++;
        });
        moves++;
      } else {
        subject = `Tooling: update scripts (#${c})`;
        body += `M 100644 inline scripts/tool.js\n${data(`// revision ${c}\n`)}`;
        outside++;
      }
    }
    await emit(`commit refs/heads/main\nmark :${c + 1}\nauthor Bench <bench@example.com> ${when}\ncommitter Bench <bench@example.com> ${when}\n${data(subject)}${body}\n`);
  }
  await flush();
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (${code}): ${stderr.slice(-500)}`);
  const hashes = [];
  for (const line of fs.readFileSync(path.join(dir, 'marks'), 'utf8').split('\n')) {
    const match = /^:(\d+) ([0-9a-f]{40})$/.exec(line);
    if (match) hashes[Number(match[1]) - 1] = match[2];
  }

  // The work tree as at HEAD (only files/en-us is read: nothing here needs git's index).
  const englishFiles = path.join(repo, 'files');
  for (const [folder, page] of live) {
    const file = path.join(englishFiles, 'en-us', folder, 'index.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, pageText(page.slug, page.lines));
  }

  // The translation: ~97 % of English pages, plus a few whose English page is gone. Source
  // commits come from a pool of 3,000 (translators work in batches), a fifth of them in the first
  // tenth of the history; some abbreviated, a few unknown, some pages with none.
  const pool = Array.from({ length: 3000 }, (_, i) => (i < 600 ? Math.floor(rand() * commits * 0.1) : Math.floor(rand() * commits)));
  const localeFiles = path.join(dir, 'translated', 'files');
  let translated = 0;
  const write = (folder, slug, sourceCommit) => {
    const file = path.join(localeFiles, locale, folder, 'index.md');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const l10n = sourceCommit === undefined ? 'translation_of: x\n' : `l10n:\n  sourceCommit: ${sourceCommit}\n`;
    fs.writeFileSync(file, `---\ntitle: Übersetzt\nslug: ${slug}\n${l10n}---\n\nÜbersetzter Text.\n`);
    translated++;
  };
  for (const [folder, page] of live) {
    if (rand() < 0.03) continue;
    const roll = rand();
    const hash = hashes[pick(pool)];
    const sourceCommit = roll < 0.03 ? undefined : roll < 0.04 ? 'deadbeef' + Math.floor(rand() * 1e6).toString(16) : roll < 0.1 ? hash.slice(0, 7 + Math.floor(rand() * 5)) : hash;
    write(folder, page.slug, sourceCommit);
  }
  for (let i = 0; i < 450; i++) write(`web/api/gone_${i}`, `Web/API/Gone_${i}`, hashes[pick(pool)]);
  return { env, repo, englishFiles, localeFiles, locale, commits, pages: live.size, translated, renames, moves, outside, distinctSourceCommits: new Set(pool).size };
}

/**
 * The child task: index English + the locale (as the server does: front matter only), then the
 * status of every page of the locale — the English history read in batch, and each page's status.
 */
export async function translationStatusChild({ englishFiles, localeFiles, locale, env, overlap, advance }, requireFromOut) {
  const { ContentIndex } = requireFromOut('./content/contentIndex.js');
  const { nodeFileSystem } = requireFromOut('./content/fileSystem.js');
  const { EnglishHistoryTracker } = requireFromOut('./content/englishHistory.js');
  const { translationStatus, sourceCommitsOf } = requireFromOut('./resolve/translationStatus.js');
  const steps = {};
  const tracker = new EnglishHistoryTracker(englishFiles, { env, onStep: (step, ms) => (steps[step] = (steps[step] ?? 0) + ms) });
  // The server's way (overlap): the repository and its commit graph are read while indexing,
  // since they need no page; the source commits and their range need the index.
  const prepared = overlap ? tracker.update([]) : undefined;
  let started = performance.now();
  const index = await ContentIndex.build(nodeFileSystem, [englishFiles, localeFiles], { scan: () => false });
  const indexMs = performance.now() - started;
  const pages = [...index.allPages()].filter((page) => page.locale === locale);

  const cpu = process.cpuUsage();
  const gitCpu = childrenCpuMs();
  started = performance.now();
  await prepared;
  const history = await tracker.update(sourceCommitsOf(pages));
  if (!history) throw new Error(`no history: ${tracker.unavailable}`);
  const historyMs = performance.now() - started;
  const counts = {};
  let behind = 0;
  for (const page of pages) {
    const status = translationStatus(index, history, page);
    const name = status?.status ?? 'pending';
    counts[name] = (counts[name] ?? 0) + 1;
    if (name === 'outdated') behind += status.changes.commits.length;
  }
  const statusMs = performance.now() - started;
  const statusCpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
  const gitCpuMs = childrenCpuMs() - gitCpu;
  const gitRuns = tracker.gitRuns;

  // Asked again at the same HEAD: nothing to do; HEAD unchanged on refresh: one rev-parse.
  started = performance.now();
  await tracker.update(sourceCommitsOf(pages));
  const againMs = performance.now() - started;
  started = performance.now();
  await tracker.refresh();
  const refreshMs = performance.now() - started;
  let advanceMs;
  if (advance) {
    // HEAD moves forward by one commit changing a page (a pull): only that commit is read.
    const page = pages.find((p) => index.pageByKey(`en-us/${p.folder}`));
    const english = index.pageByKey(`en-us/${page.folder}`);
    const repo = path.dirname(englishFiles);
    const file = path.relative(repo, english.path).split(path.sep).join('/');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, env, encoding: 'utf8' }).trim();
    const text = fs.readFileSync(english.path, 'utf8') + '\nOne more line.\n';
    const stream = `commit refs/heads/main\ncommitter Bench <bench@example.com> 1780000000 +0000\ndata 8\nAdvance\nfrom ${head}\nM 100644 inline ${file}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, env, input: stream });
    started = performance.now();
    const moved = await tracker.refresh();
    advanceMs = performance.now() - started;
    if (!moved || moved.head === head) throw new Error('HEAD did not move');
  }
  tracker.dispose();
  return {
    overlap: !!overlap,
    indexMs,
    pages: pages.length,
    historyMs,
    statusMs,
    statusCpuMs,
    gitCpuMs,
    steps,
    gitRuns,
    counts,
    meanBehind: behind / (counts.outdated || 1),
    againMs,
    refreshMs,
    advanceMs,
  };
}
