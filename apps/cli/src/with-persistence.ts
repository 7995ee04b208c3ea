import type { Persistence } from '@redress/config';

/** Opens the stores for one command and always closes them, so the embedded data directory is released. */
export async function withPersistence(
  open: () => Promise<Persistence>,
  work: (p: Persistence) => Promise<void>,
): Promise<void> {
  const persistence = await open();
  try {
    await work(persistence);
  } finally {
    await persistence.close();
  }
}
