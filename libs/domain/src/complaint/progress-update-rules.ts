/**
 * 002 §3.2 forbids vague updates such as "正在处理中" (being handled) or
 * "我们正在调查" (we are investigating): every update must state progress,
 * cause and measures concretely. These are the stock phrases, in Simplified
 * and Traditional Chinese and English, that say nothing on their own.
 */
const VAGUE_PHRASES = [
  '正在处理中',
  '正在处理',
  '处理中',
  '我们正在调查',
  '正在调查',
  '正在處理中',
  '正在處理',
  '處理中',
  '我們正在調查',
  '正在調查',
  'in progress',
  'being processed',
  'being handled',
  'processing',
  'we are investigating',
  'we are looking into it',
  'under investigation',
  'under review',
  'pending',
  'ongoing',
  'tbd',
  'n/a',
  'na',
  'none',
  'unknown',
];

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

const NORMALISED_VAGUE_PHRASES = new Set(VAGUE_PHRASES.map(normalise));

/** True when the text is nothing but a stock phrase that tells the customer nothing. */
export function isVagueStatement(text: string): boolean {
  const normalised = normalise(text);
  return normalised.length === 0 || NORMALISED_VAGUE_PHRASES.has(normalised);
}
