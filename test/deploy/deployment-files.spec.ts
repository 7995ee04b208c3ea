import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '@redress/config';
import { ApiHarness } from '../support/api-harness';

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');

interface Container {
  where: string;
  command: string[];
  env: Record<string, string>;
  probePaths: string[];
}

const documents = (file: string) =>
  parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8'), { merge: true }).map((document) => document.toJS());

/** Compose's `${NAME:-default}`, as compose itself would substitute it with NAME unset. */
const withDefaults = (value: unknown) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

function composeContainers(): Container[] {
  const [compose] = documents('docker-compose.yml');
  return Object.entries(compose.services as Record<string, any>)
    .filter(([, service]) => service.image === 'redress:local')
    .map(([name, service]) => ({
      where: `docker-compose.yml ${name}`,
      command: service.command ?? ['node', '--enable-source-maps', 'dist/apps/api/src/main.js'],
      env: Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, withDefaults(v)])),
      probePaths: [],
    }));
}

function kubernetesContainers(): Container[] {
  const resources = readdirSync(join(DEPLOY, 'k8s'))
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) => documents(join('k8s', file)));
  const fromConfig = Object.assign(
    {},
    ...resources.filter((r) => r.kind === 'ConfigMap').map((r) => r.data),
    ...resources.filter((r) => r.kind === 'Secret').map((r) => r.stringData),
  );
  return resources
    .filter((r) => r.kind === 'Deployment')
    .flatMap((deployment) =>
      deployment.spec.template.spec.containers.map((container: any) => ({
        where: `k8s ${deployment.metadata.name}`,
        command: container.args,
        env: {
          ...fromConfig,
          ...Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value])),
        },
        probePaths: ['startupProbe', 'livenessProbe', 'readinessProbe']
          .map((probe) => container[probe]?.httpGet?.path)
          .filter(Boolean),
      })),
    );
}

/** Every TypeScript source of the processes and libraries, to find where a variable is read. */
function sourceText(directory: string): string {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('deployment files (deploy/docker-compose.yml, deploy/k8s)', () => {
  const containers = [...composeContainers(), ...kubernetesContainers()];
  const sources = sourceText(join(ROOT, 'apps')) + sourceText(join(ROOT, 'libs'));

  it('run processes that exist, with settings each process reads and accepts', () => {
    expect(containers.map((c) => c.where)).toEqual(
      expect.arrayContaining([
        'docker-compose.yml api',
        'docker-compose.yml worker',
        'k8s redress-api',
        'k8s redress-worker',
      ]),
    );
    for (const container of containers) {
      const main = container.command.find((part) => part.startsWith('dist/apps/'));
      expect({ where: container.where, main }).toEqual({
        where: container.where,
        main: expect.stringMatching(/main\.js$/),
      });
      expect(readdirSync(join(ROOT, main!.replace(/^dist\//, '').replace(/main\.js$/, '')))).toContain('main.ts');
      // A variable no code reads is a typo or a leftover, and silently does nothing.
      const unread = Object.keys(container.env).filter(
        (name) => !sources.includes(`'${name}'`) && !sources.includes(`.${name}`),
      );
      expect({ where: container.where, unread }).toEqual({ where: container.where, unread: [] });
      if (!main!.includes('crm-consumer')) expect(() => loadConfig(container.env)).not.toThrow();
    }
  });

  describe('probes', () => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await ApiHarness.start();
    });
    afterAll(async () => {
      await api.dispose();
    });

    it('ask the API paths it serves', async () => {
      const paths = containers.filter((c) => c.where === 'k8s redress-api').flatMap((c) => c.probePaths);
      expect(new Set(paths)).toEqual(new Set(['/health/live', '/health/ready']));
      for (const path of paths) expect((await api.get(path)).status).toBe(200);
    });
  });
});
