import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

describe('restart', () => {
  it('keeps every complaint and its full history across a restart of the API', async () => {
    const api = await ApiHarness.start();
    try {
      const id = (await api.post('/complaints', receiveBody())).body.id;
      for (const [command, body] of lifecycleSteps().slice(0, 5)) await api.post(`/complaints/${id}/${command}`, body);
      const before = await api.get(`/complaints/${id}/history`);
      const stateBefore = await api.get(`/complaints/${id}`);

      await api.stopApi();
      await api.open();

      expect((await api.get(`/complaints/${id}/history`)).body).toEqual(before.body);
      expect((await api.get(`/complaints/${id}`)).body).toEqual(stateBefore.body);
      // And it carries on from where it stopped.
      const next = await api.post(`/complaints/${id}/propose-resolution`, {
        plan: 'Replace',
        measures: ['Ship a unit'],
      });
      expect(next.body).toMatchObject({
        status: 'RESOLUTION_PROPOSED',
        revision: before.body.events.at(-1).revision + 1,
      });
    } finally {
      await api.dispose();
    }
  });
});
