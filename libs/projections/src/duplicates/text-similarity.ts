/**
 * Text similarity for duplicate detection: cosine similarity of character
 * n-gram profiles over normalised text, each n-gram weighted by its inverse
 * document frequency (TF-IDF). Character n-grams survive typos ("conection"
 * shares most trigrams with "connection"), inflections and word order, which
 * word matching does not; scripts written without spaces (Han, kana, hangul)
 * are profiled by character bigrams, the usual unit for them. The weights
 * make what every complaint says ("please help", "my", "的") count for little
 * and what names the problem count for much. Computed in TypeScript: pg_trgm
 * is not available in the embedded store.
 */

/** A text's n-gram weights (counts, or TF-IDF weights) and the vector's length. */
export interface TextProfile {
  grams: ReadonlyMap<string, number>;
  norm: number;
}

/** How many documents of a corpus contain each n-gram: what inverse document frequencies are computed from. */
export interface GramFrequencies {
  documents: number;
  documentsWith(gram: string): number;
}

/** Every n-gram equally rare: plain (unweighted) cosine similarity. */
export const UNIFORM_FREQUENCIES: GramFrequencies = { documents: 0, documentsWith: () => 0 };

/** The smoothed inverse document frequency (as scikit-learn's): never zero, highest for n-grams no document has. */
export function inverseDocumentFrequency(frequencies: GramFrequencies, gram: string): number {
  return Math.log((frequencies.documents + 1) / (frequencies.documentsWith(gram) + 1)) + 1;
}

/** A count profile weighted by inverse document frequencies. */
export function weighted(profile: TextProfile, frequencies: GramFrequencies): TextProfile {
  const grams = new Map<string, number>();
  let squares = 0;
  for (const [gram, count] of profile.grams) {
    const weight = count * inverseDocumentFrequency(frequencies, gram);
    grams.set(gram, weight);
    squares += weight * weight;
  }
  return { grams, norm: Math.sqrt(squares) };
}

/** Counts the documents containing each n-gram, e.g. for a fixture or a batch of new complaints. */
export function gramDocumentCounts(profiles: Iterable<TextProfile>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const profile of profiles)
    for (const gram of profile.grams.keys()) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  return counts;
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Case, width and accents folded (NFKC, then accents dropped), punctuation
 * and symbols turned into spaces: "Ｘ200 router — drops!" and "x200 router
 * drops" normalise alike.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The n-gram profile of a text: trigrams of each word padded with spaces
 * (so short words and word edges count), and bigrams of each run of an
 * unspaced script (a run of one character counts as itself).
 */
export function textProfile(text: string): TextProfile {
  const grams = new Map<string, number>();
  const add = (gram: string) => grams.set(gram, (grams.get(gram) ?? 0) + 1);
  const normalised = normaliseText(text);
  for (const run of normalised.match(UNSPACED_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) add(chars[i] + chars[i + 1]);
  }
  for (const word of normalised.replace(UNSPACED_RUN, ' ').split(' ')) {
    if (!word || UNSPACED.test(word)) continue;
    const padded = [...` ${word} `];
    for (let i = 0; i + 2 < padded.length; i++) add(padded[i] + padded[i + 1] + padded[i + 2]);
  }
  let squares = 0;
  for (const count of grams.values()) squares += count * count;
  return { grams, norm: Math.sqrt(squares) };
}

/** Cosine similarity of two profiles, from 0 (nothing shared) to 1 (the same profile). */
export function profileSimilarity(a: TextProfile, b: TextProfile): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.grams.size <= b.grams.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [gram, count] of small.grams) dot += count * (large.grams.get(gram) ?? 0);
  return dot / (a.norm * b.norm);
}

export function textSimilarity(a: string, b: string, frequencies: GramFrequencies = UNIFORM_FREQUENCIES): number {
  return profileSimilarity(weighted(textProfile(a), frequencies), weighted(textProfile(b), frequencies));
}
