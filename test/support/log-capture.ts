import { Writable } from 'node:stream';

/** Every line the API logs, kept for assertions; a line that is not JSON fails the test where it is parsed. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  records(): Record<string, any>[] {
    return this.lines.map((line) => JSON.parse(line));
  }
}
