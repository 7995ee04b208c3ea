import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryInUseError, openEmbeddedEventStore } from '@redress/event-store';
import { describeEventStoreContract } from '../../../test/contract/event-store.contract';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'redress-embedded-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describeEventStoreContract('embedded (PGlite, on disk)', () => openEmbeddedEventStore(directory));

describe('embedded event store persistence', () => {
  it('keeps events and positions across close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redress-reopen-'));
    try {
      const first = await openEmbeddedEventStore(dir);
      const metadata = {
        commandId: 'c',
        correlationId: 'c',
        causationId: 'c',
        actor: { id: 'a', role: 'r' },
        occurredAt: '2026-01-01T00:00:00.000Z',
      };
      await first.append(
        's-1',
        [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'T', schemaVersion: 1, data: { n: 1 }, metadata }],
        'no_stream',
      );
      await first.close();

      const second = await openEmbeddedEventStore(dir);
      expect((await second.readStream('s-1')).map((e) => e.data)).toEqual([{ n: 1 }]);
      const next = await second.append(
        's-1',
        [{ eventId: '00000000-0000-4000-8000-000000000002', type: 'T', schemaVersion: 1, data: { n: 2 }, metadata }],
        0,
      );
      expect(next).toEqual({ revision: 1, position: 2, alreadyAppended: false });
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded data directory lock', () => {
  it('refuses a second opener while the first is open, and allows it after close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redress-lock-'));
    try {
      const first = await openEmbeddedEventStore(dir);
      const { writeFile } = await import('node:fs/promises');
      // Pretend another live process holds it: our parent process is certainly alive.
      await writeFile(join(dir, 'event-store', 'redress.lock'), String(process.ppid));
      await expect(openEmbeddedEventStore(dir)).rejects.toBeInstanceOf(DataDirectoryInUseError);
      await first.close();
      const again = await openEmbeddedEventStore(dir);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redress-stale-'));
    try {
      const { mkdir, writeFile } = await import('node:fs/promises');
      await mkdir(join(dir, 'event-store'), { recursive: true });
      await writeFile(join(dir, 'event-store', 'redress.lock'), '999999999');
      const store = await openEmbeddedEventStore(dir);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
