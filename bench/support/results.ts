import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes bench/results/<name>.json (everything measured) and <name>.md (the summary), and prints the summary. */
export async function writeBenchResults(name: string, results: unknown, markdown: string): Promise<void> {
  const directory = join(process.cwd(), 'bench', 'results');
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(directory, `${name}.md`), markdown);
  console.log(`\n${markdown}\nwritten to bench/results/${name}.json and bench/results/${name}.md`);
}
