import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One subset file of a web font and the code points it covers. */
interface FontSubset {
  /** The name it is registered under in a PDF document. */
  name: string;
  file: string;
  ranges: [number, number][];
}

/** A stretch of text that one subset can draw. */
export interface FontRun {
  font: string;
  text: string;
}

/**
 * Noto Sans SC, as Fontsource ships it: about a hundred subset files, each
 * for its own `unicode-range` (Latin, Latin Extended, Cyrillic, Vietnamese and
 * the CJK ideographs in frequency slices). Complaints arrive in Chinese as
 * well as in Latin scripts, and PDF's standard fonts cover neither CJK nor
 * most of Unicode, so text is split into runs by the subset that covers each
 * character, and only the subsets a document uses are read and embedded.
 */
export class UnicodeSubsetFonts {
  private readonly subsets: FontSubset[];
  private readonly fallback: FontSubset;
  private readonly files = new Map<string, Buffer>();
  /** Code point → subset, as found: a CJK character is otherwise looked up across a hundred subsets' ranges. */
  private readonly found = new Map<number, FontSubset>();

  constructor(cssFile: string) {
    this.subsets = parseFontFaces(readFileSync(cssFile, 'utf8'), dirname(cssFile));
    const latin = this.subsets.find((subset) => subset.file.includes('-latin-400-'));
    if (!latin) throw new Error(`no Latin subset in ${cssFile}`);
    this.fallback = latin;
  }

  /** The font Redress renders documents with: Noto Sans SC, regular weight. */
  static notoSansSc(): UnicodeSubsetFonts {
    return new UnicodeSubsetFonts(require.resolve('@fontsource/noto-sans-sc/400.css'));
  }

  /**
   * Splits text into runs, each drawable by one subset. A character no subset
   * covers stays in the Latin subset's run, where it shows as a missing glyph
   * rather than silently vanishing.
   */
  runs(text: string): FontRun[] {
    const runs: FontRun[] = [];
    for (const character of text) {
      const font = this.subsetFor(character.codePointAt(0) ?? 0).name;
      const last = runs[runs.length - 1];
      if (last?.font === font) last.text += character;
      else runs.push({ font, text: character });
    }
    return runs;
  }

  /** The file of a subset named by `runs`, read once. */
  fontFile(name: string): Buffer {
    let file = this.files.get(name);
    if (!file) {
      const subset = this.subsets.find((candidate) => candidate.name === name);
      if (!subset) throw new Error(`unknown font subset ${name}`);
      file = readFileSync(subset.file);
      this.files.set(name, file);
    }
    return file;
  }

  private subsetFor(codePoint: number): FontSubset {
    let subset = this.found.get(codePoint);
    if (!subset) {
      // Latin first: most text is ASCII, and the CJK subsets also carry some Latin punctuation.
      subset = covers(this.fallback, codePoint)
        ? this.fallback
        : (this.subsets.find((candidate) => covers(candidate, codePoint)) ?? this.fallback);
      this.found.set(codePoint, subset);
    }
    return subset;
  }
}

function covers(subset: FontSubset, codePoint: number): boolean {
  return subset.ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

const FONT_FACE = /@font-face\s*{([^}]*)}/g;
const WOFF_URL = /url\(\.\/(files\/[^)]+\.woff)\)\s*format\('woff'\)/;
const UNICODE_RANGE = /unicode-range:\s*([^;]+);/;

/** Reads each @font-face's WOFF file (fontkit reads WOFF) and its unicode-range (`U+4e00`, `U+4e00-4e0f`). */
function parseFontFaces(css: string, directory: string): FontSubset[] {
  return [...css.matchAll(FONT_FACE)].flatMap(([, body], index) => {
    const url = WOFF_URL.exec(body)?.[1];
    const range = UNICODE_RANGE.exec(body)?.[1];
    if (!url || !range) return [];
    const ranges = range.split(',').map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from, 16), parseInt(to ?? from, 16)];
    });
    return [{ name: `subset-${index}`, file: join(directory, url), ranges }];
  });
}
