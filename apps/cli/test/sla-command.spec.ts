import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { SHIPPED_POLICIES_DIR, SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { InvalidPolicyFilesError, registerSlaCommands } from '../src/sla.command';

/** Validation reads files only: opening the stores would be a mistake. */
const refuseToOpen = () => Promise.reject(new Error('sla policy validate must not open the stores'));

/** `sla policy validate` on the shipped files and on broken copies, as `npm run cli -- sla policy validate …` runs it. */
describe('sla policy validate', () => {
  let directory: string;
  const run = async (...files: string[]) => {
    const printed: string[] = [];
    const program = new Command('redress').exitOverride();
    registerSlaCommands(program, refuseToOpen, (line) => printed.push(line));
    let error: unknown;
    try {
      await program.parseAsync(['node', 'redress', 'sla', 'policy', 'validate', ...files]);
    } catch (thrown) {
      error = thrown;
    }
    return { printed, error };
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'redress-sla-cli-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('accepts the shipped policies and selection rules', async () => {
    const standard = join(SHIPPED_POLICIES_DIR, 'guides-standard.v1.yaml');
    const { printed, error } = await run(standard, SHIPPED_POLICY_SELECTION_FILE);
    expect(error).toBeUndefined();
    expect(printed).toEqual([
      expect.stringMatching(/^ok .*guides-standard\.v1\.yaml: policy guides-standard v1, \d+ clocks$/),
      `ok ${SHIPPED_POLICY_SELECTION_FILE}: policy selection`,
    ]);
  });

  it('names each problem by file, line and path, and fails', async () => {
    const standard = await readFile(join(SHIPPED_POLICIES_DIR, 'guides-standard.v1.yaml'), 'utf8');
    const broken = join(directory, 'broken.yaml');
    await writeFile(broken, standard.replace(/^version: 1$/m, 'version: zero'));
    const selection = join(directory, 'selection.yaml');
    await writeFile(
      selection,
      'version: 1\nrules:\n  - name: vip\n    when: { channel: PHONE }\n    policy: no-such-policy\ndefault: guides-standard\n',
    );

    const { printed, error } = await run(broken, selection);
    expect(error).toBeInstanceOf(InvalidPolicyFilesError);
    expect((error as InvalidPolicyFilesError).files).toEqual([broken, selection]);
    expect(printed.some((line) => line.startsWith(`${broken}:`) && line.includes('/version'))).toBe(true);
    expect(printed.some((line) => line.startsWith(`${selection}:5:`) && line.includes('no-such-policy'))).toBe(true);
  });
});
