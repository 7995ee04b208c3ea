import { LineCounter, parseDocument, type Node } from 'yaml';
import type { PolicyIssue } from './policy-errors';

/** A parsed YAML file that can point back at the line of any value. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Turns a problem at a JSON pointer into an issue carrying the value's line and column. */
  issue(path: string, message: string): PolicyIssue;
}

function decodePointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Parses YAML 1.2 (dates stay strings); syntax errors come back as issues with positions. */
export function parseYamlSource(text: string, file: string): { source: YamlSource | null; issues: PolicyIssue[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const issues: PolicyIssue[] = document.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return { file, path: '', line: position.line, column: position.col, message: error.message.split('\n')[0] };
  });
  if (issues.length > 0) return { source: null, issues };

  const issue = (path: string, message: string): PolicyIssue => {
    const segments = decodePointer(path);
    // Walk up until a node exists: a missing property is reported where its parent is.
    for (let depth = segments.length; depth >= 0; depth--) {
      const node = document.getIn(segments.slice(0, depth), true) as Node | undefined;
      if (node?.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { file, path, line: position.line, column: position.col, message };
      }
    }
    return { file, path, message };
  };
  return { source: { file, value: document.toJS(), issue }, issues };
}
