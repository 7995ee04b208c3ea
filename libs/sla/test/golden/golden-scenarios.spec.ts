import { loadShippedPolicies } from '../../src';
import type { GoldenScenario } from './golden-scenario';
import { checkScenario } from './golden-scenario';
import { asicRg271Scenarios } from './asic-rg271.scenarios';
import { cfpbScenarios } from './cfpb.scenarios';
import { euPsd2Scenarios } from './eu-psd2.scenarios';
import { fcaDispScenarios } from './fca-disp.scenarios';
import { guidesRapidScenarios } from './guides-rapid.scenarios';
import { guidesStandardScenarios } from './guides-standard.scenarios';
import { incidentScenarios } from './incident.scenarios';
import { nfraScenarios } from './nfra.scenarios';

/** Every shipped pack with its golden scenarios (at least ten each). */
const PACKS: Record<string, GoldenScenario[]> = {
  'guides-standard': guidesStandardScenarios,
  'guides-rapid': guidesRapidScenarios,
  incident: incidentScenarios,
  'fca-disp': fcaDispScenarios,
  cfpb: cfpbScenarios,
  nfra: nfraScenarios,
  'asic-rg271': asicRg271Scenarios,
  'eu-psd2': euPsd2Scenarios,
};

const catalog = loadShippedPolicies();

describe.each(Object.entries(PACKS))('policy pack %s', (policyId, scenarios) => {
  const policy = catalog.forNewComplaint(policyId, '2026-06-01T00:00:00Z');

  it('has at least ten golden scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', (_, scenario) => {
    checkScenario(policy, scenario);
  });
});
