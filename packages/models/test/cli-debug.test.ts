// An internal error (a bug, not bad input) prints one line by default and its
// stack only with DENDRITE_DEBUG=1; both exit 1.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../src/cli/commands/info.js', () => ({
  infoCommand: async () => {
    throw new TypeError('boom: an internal bug');
  },
}));

const { main } = await import('../src/cli/main.js');

async function run(...argv: string[]) {
  const err: string[] = [];
  const code = await main(argv, () => undefined, (l) => err.push(l));
  return { code, err: err.join('\n') };
}

describe('internal errors', () => {
  afterEach(() => {
    delete process.env.DENDRITE_DEBUG;
  });
  it('one line without DENDRITE_DEBUG, the stack with DENDRITE_DEBUG=1', async () => {
    const plain = await run('info');
    expect(plain.code).toBe(1);
    expect(plain.err).toBe('dendrite: internal error: boom: an internal bug (set DENDRITE_DEBUG=1 for the stack)');
    process.env.DENDRITE_DEBUG = '1';
    const debug = await run('info');
    expect(debug.code).toBe(1);
    expect(debug.err).toMatch(/TypeError: boom: an internal bug\n\s+at /);
  });
});
