import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * Waits for `exporter` to hold an ended span that `matches`: projections and
 * the publisher end theirs in the background, after the request that caused
 * them has been answered.
 */
export async function finishedSpan(
  exporter: InMemorySpanExporter,
  matches: (span: ReadableSpan) => boolean,
  timeoutMs = 20_000,
): Promise<ReadableSpan> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = exporter.getFinishedSpans().find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const names = exporter.getFinishedSpans().map((span) => span.name);
      throw new Error(`no matching span within ${timeoutMs} ms among: ${names.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
