/** `--name=N` from the command line, or `fallback` when absent. */
export function numberOption(args: string[], name: string, fallback: number): number {
  const given = valueOf(args, name);
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number`);
  return value;
}

/** `--name=N,M,…`, or `fallback` when absent. */
export function numberListOption(args: string[], name: string, fallback: number[]): number[] {
  const given = valueOf(args, name);
  if (given === undefined) return fallback;
  const values = given.split(',').map(Number);
  if (values.some((value) => !Number.isFinite(value) || value < 0))
    throw new Error(`--${name} needs non-negative numbers, comma-separated`);
  return values;
}

/** `--name=text`, or `fallback` when absent. */
export function stringOption(args: string[], name: string, fallback: string): string;
export function stringOption(args: string[], name: string): string | undefined;
export function stringOption(args: string[], name: string, fallback?: string): string | undefined {
  return valueOf(args, name) ?? fallback;
}

/** A bare `--name` switch. */
export function flagOption(args: string[], name: string): boolean {
  return args.includes(`--${name}`);
}

function valueOf(args: string[], name: string): string | undefined {
  const given = args.find((arg) => arg.startsWith(`--${name}=`));
  return given?.slice(name.length + 3);
}
