/**
 * QuietWork (server/src/lsp/quietWork.ts): background work waits for a pause in the client's
 * messages, runs one task at a time, and a task asked for twice runs once.
 */
import { describe, expect, it } from 'vitest';
import { QuietWork } from '../../server/src/lsp/quietWork';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('QuietWork', () => {
  it('waits while messages keep coming, then runs each task once, in order', async () => {
    const ran: string[] = [];
    const quiet = new QuietWork(60, (error) => ran.push(`error ${error}`));
    quiet.later('collect', () => ran.push('collect'));
    quiet.later('save', () => ran.push('save'));
    quiet.later('collect', () => ran.push('collect'));
    for (let i = 0; i < 6; i++) {
      quiet.touch();
      await sleep(20);
    }
    expect(ran).toEqual([]);
    await sleep(200);
    expect(ran).toEqual(['save', 'collect']);
    quiet.dispose();
  });

  it('runs nothing after dispose, and survives a failing task', async () => {
    const ran: string[] = [];
    const quiet = new QuietWork(10, () => ran.push('error'));
    quiet.later('fails', () => {
      throw new Error('no');
    });
    quiet.later('next', () => ran.push('next'));
    await sleep(80);
    expect(ran).toEqual(['error', 'next']);
    quiet.later('late', () => ran.push('late'));
    quiet.dispose();
    await sleep(50);
    expect(ran).toEqual(['error', 'next']);
  });
});

describe('QuietWork.flush', () => {
  it('runs a waiting task at once, and only that one', async () => {
    const ran: string[] = [];
    const quiet = new QuietWork(10_000, () => undefined);
    quiet.later('save', () => ran.push('save'));
    quiet.later('collect', () => ran.push('collect'));
    await quiet.flush('save');
    await quiet.flush('nothing');
    expect(ran).toEqual(['save']);
    quiet.dispose();
  });
});
