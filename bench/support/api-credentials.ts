import type { INestApplication } from '@nestjs/common';
import { ApiKeys } from '@redress/access';

/**
 * The headers of an admin API key issued for a benchmark's own API instance
 * (the first-start key is turned off for benchmarks: AUTH_FIRST_START_ADMIN_KEY=false).
 */
export async function benchCredentials(app: INestApplication): Promise<Record<string, string>> {
  const { key } = await app.get(ApiKeys).issue({ role: 'admin', name: 'benchmark' });
  return { 'x-api-key': key };
}
