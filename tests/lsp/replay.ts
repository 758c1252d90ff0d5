/**
 * Replaying real clients against the built server, message for message: a minimal JSON-RPC peer
 * that writes exactly what it is told, when it is told (several messages in one write when a client
 * sends them in one go), records everything the server sends, and answers the server's requests
 * the way the client it stands for does. The clients' start sequences and capabilities, taken
 * from their sources, are in clients.ts.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StreamMessageReader } from 'vscode-languageserver-protocol/node';
import { REPO, SERVER, uriOf } from './client';

export interface Received {
  /** ms since the process started. */
  at: number;
  method: string;
  params: any;
  /** Set for requests from the server. */
  id?: number | string;
}

/** A request or notification, or a client's answer to a server's request. */
export type Message = { method: string; params?: unknown; id?: number | string } | { id: number | string; result: unknown };

export class ReplayPeer {
  readonly child: ChildProcess;
  readonly received: Received[] = [];
  readonly stderr: string[] = [];
  readonly started = Date.now();
  readonly exited: Promise<number | null>;
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve(value: unknown): void; reject(error: unknown): void }>();
  private readonly handlers = new Map<string, (params: any) => unknown>();
  private readonly listeners: Array<() => void> = [];

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], {
      env: { ...process.env, CONTENT_ROOT: '', CONTENT_TRANSLATED_ROOT: '', GLOSSARY_LSP_CACHE: 'off', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stdin!.on('error', () => undefined);
    this.child.stderr!.on('data', (chunk) => this.stderr.push(String(chunk)));
    new StreamMessageReader(this.child.stdout!).listen((message: any) => this.dispatch(message));
  }

  /** How the client answers a request from the server (default: null). */
  answer(method: string, handler: (params: any) => unknown): void {
    this.handlers.set(method, handler);
  }

  /** Writes the messages in one write, as a client that sends them in one go. */
  write(...messages: Message[]): void {
    const bytes = messages.map((message) => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    });
    this.child.stdin!.write(bytes.join(''));
  }

  notification(method: string, params?: unknown): Message {
    return { method, params };
  }

  /** A request message and the promise of its answer (write the message to send it). */
  request<T = any>(method: string, params?: unknown): { message: Message; answer: Promise<T> } {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    return { message: { id, method, params }, answer };
  }

  /** Sends one request now and waits for its answer. */
  send<T = any>(method: string, params?: unknown): Promise<T> {
    const { message, answer } = this.request<T>(method, params);
    this.write(message);
    return answer;
  }

  /** Everything received with this method. */
  all(method: string): Received[] {
    return this.received.filter((message) => message.method === method);
  }

  /** Log lines (window/logMessage) and messages shown (window/showMessage), as text. */
  logs(): string[] {
    return [...this.all('window/logMessage'), ...this.all('window/showMessage')].map((message) => message.params.message as string);
  }

  /** Resolves once `accept` holds of what was received (checked on every message), or fails after `timeoutMs`. */
  until<T>(accept: () => T | undefined | false, timeoutMs = 60_000, what = 'a condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = accept();
        if (!value) return false;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(value);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`timed out waiting for ${what}\n${this.logs().join('\n')}\n${this.stderr.join('')}`));
      }, timeoutMs);
      this.listeners.push(listener);
      check();
    });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    try {
      await Promise.race([this.send('shutdown'), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer to shutdown')), 10_000))]);
      this.write(this.notification('exit'));
    } catch {
      this.child.kill('SIGKILL');
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  private dispatch(message: any): void {
    if (message.method === undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiter?.resolve(message.result);
    } else {
      this.received.push({ at: Date.now() - this.started, method: message.method, params: message.params, id: message.id });
      if (message.id !== undefined) {
        const handler = this.handlers.get(message.method);
        Promise.resolve(handler ? handler(message.params) : null).then((result) => this.write({ id: message.id, result: result ?? null }));
      }
    }
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * A translator's set-up on disk: the translated tree (the workspace folder) and English apart,
 * given only through settings. Built from examples/content, with `extra` generated pages in each
 * that link to the English-only entry Glossary/Interface (so there is something to scan).
 */
export interface TranslatorTree {
  dir: string;
  /** The workspace folder: holds files/fr. */
  translated: string;
  /** English content: holds files/en-us. */
  english: string;
  /** The French page that links to Glossary/Interface (English only). */
  frPage: string;
  /** Every page that links to Glossary/Interface, and the redirect line to it (`_redirects.txt`). */
  interfaceReferrers: string[];
  cleanup(): void;
}

export function translatorTree(extra = 1500): TranslatorTree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-translator-'));
  const translated = path.join(dir, 'translated-content');
  const english = path.join(dir, 'content');
  fs.cpSync(path.join(REPO, 'examples/content/files/fr'), path.join(translated, 'files/fr'), { recursive: true });
  fs.cpSync(path.join(REPO, 'examples/content/files/en-us'), path.join(english, 'files/en-us'), { recursive: true });
  for (let i = 0; i < extra; i++) {
    write(
      path.join(translated, `files/fr/generated/page_${i}/index.md`),
      `---\ntitle: Page ${i}\nslug: Generated/Page_${i}\nl10n:\n  sourceCommit: 0123456789abcdef\n---\n\nUne {{Glossary("Interface")}} et une {{Glossary("API")}}.\n`,
    );
    write(
      path.join(english, `files/en-us/generated/page_${i}/index.md`),
      `---\ntitle: Page ${i}\nslug: Generated/Page_${i}\n---\n\nAn {{glossary("interface")}} and an {{Glossary("API")}}.\n`,
    );
  }
  const referrers: string[] = [];
  for (const root of [translated, english]) {
    for (const file of walk(path.join(root, 'files'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('index.md') && /\{\{\s*glossary\(\s*["']interface["']/i.test(text)) referrers.push(file);
      if (file.endsWith('_redirects.txt') && /\tGlossary\/Interface|\/docs\/Glossary\/Interface$/im.test(text)) referrers.push(file);
    }
  }
  return {
    dir,
    translated,
    english,
    frPage: path.join(translated, 'files/fr/learn/first_steps/index.md'),
    interfaceReferrers: referrers.sort(),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export { uriOf };
export { positionOf } from '../helpers/text';
