import { ApiHarness } from '../support/api-harness';
import { LogCapture } from '../support/log-capture';

describe('first start', () => {
  it('creates an admin key on a fresh data directory, shows it once with a curl example, and never logs it', async () => {
    const notices: string[] = [];
    const logs = new LogCapture();
    const api = await ApiHarness.start(
      undefined,
      { logLevel: 'verbose', port: 3000, auth: { firstStartAdminKey: true, apiKeyCacheSeconds: 5, jwt: null } },
      { showNotice: (notice) => notices.push(notice), logDestination: logs },
    );
    try {
      expect(notices).toHaveLength(1);
      const key = /^ {2}(rdk_\S+)$/m.exec(notices[0])?.[1];
      expect(key).toBeDefined();
      expect(notices[0]).toContain(`curl -H 'X-Api-Key: ${key}' http://localhost:3000/complaints`);
      expect(notices[0]).toContain('npm run cli -- keys create --role agent');

      const asFirstAdmin = api.as({ 'x-api-key': key as string });
      expect((await asFirstAdmin.get('/complaints')).status).toBe(200);
      expect((await asFirstAdmin.get('/projections')).status).toBe(200);

      // Started again on the same data: a key exists, so nothing is created or shown.
      await api.stopApi();
      await api.open();
      expect(notices).toHaveLength(1);
      expect((await asFirstAdmin.get('/complaints')).status).toBe(200);

      expect(logs.records().length).toBeGreaterThan(0);
      expect(logs.lines.join('\n')).not.toContain(key);
    } finally {
      await api.dispose();
    }
  });

  it('creates nothing when AUTH_FIRST_START_ADMIN_KEY=false', async () => {
    const notices: string[] = [];
    const api = await ApiHarness.start(undefined, {}, { showNotice: (notice) => notices.push(notice) });
    try {
      expect(notices).toEqual([]);
    } finally {
      await api.dispose();
    }
  });
});
