import type { DuplicateFacts } from '../../src/duplicates/duplicate-detector';

/**
 * A labelled fixture for duplicate detection, generated from templates with
 * a seeded generator. Each template is a problem with an object and a
 * category, written as slots of alternative phrasings, so two complaints
 * about one problem are paraphrases of each other; typos are added on top.
 * Each complaint belongs to an episode (one customer, one problem, one
 * stretch of time): two complaints are duplicates exactly when they share
 * an episode. The near misses a detector must not take for duplicates are
 * built in: the same customer's other problem with the same object (often
 * in the same category), the same problem raised again long after the
 * window, and other customers with the same problem, even word for word.
 */

interface ProblemTemplate {
  objectReference: string;
  category: string;
  language: 'en' | 'zh';
  slots: string[][];
}

const EN_OPENINGS = ['', '', 'Hello,', 'Hi,', 'Dear team,', 'Once again:', 'Complaint:'];
const EN_CLOSINGS = [
  '',
  '',
  'Please help.',
  'Please fix this.',
  'I want a solution.',
  'This is unacceptable!',
  'Thanks.',
];
const ZH_OPENINGS = ['', '', '你好，', '再次投诉：', '您好，'];
const ZH_CLOSINGS = ['', '', '请尽快处理。', '谢谢。', '太不像话了！'];

/** Problems grouped by object: the problems sharing an object are each other's near misses. */
const PROBLEMS: ProblemTemplate[] = [
  en('ROUTER-X200', 'PRODUCT_FUNCTION', [
    ['My', 'The', 'Our', ''],
    ['X200', 'X200 router', 'router'],
    ['drops', 'loses', 'keeps dropping', 'cuts off'],
    ['the connection', 'the internet', 'the wifi signal', 'connectivity'],
    ['every hour', 'hourly', 'about once an hour', 'several times an hour'],
  ]),
  en('ROUTER-X200', 'PRODUCT_FUNCTION', [
    ['The', 'My', ''],
    ['X200', 'X200 router', 'router'],
    ['arrived', 'was delivered', 'came'],
    ['with a cracked case', 'broken', 'damaged', 'with a snapped antenna'],
  ]),
  en('ROUTER-X200', 'POLICY_PROCESS', [
    ['I was', 'We were', "I've been"],
    ['charged', 'billed'],
    ['twice', 'two times', 'double'],
    ['for the', 'for my'],
    ['X200', 'X200 router', 'router order'],
  ]),
  en('CARD-PLATINUM', 'POLICY_PROCESS', [
    ['The', 'My', ''],
    ['platinum card', 'credit card'],
    ['annual fee', 'yearly fee'],
    ['was charged', 'was debited', 'appeared on my statement'],
    ['although it was waived', 'even though it should be free', 'despite the promised waiver'],
  ]),
  en('CARD-PLATINUM', 'SYSTEM_TECHNICAL', [
    ['My', 'The'],
    ['platinum card', 'credit card', 'card'],
    ['was declined', 'got rejected', 'does not work'],
    ['at the supermarket', 'in shops', 'when paying online', 'at checkout'],
  ]),
  en('BRANCH-CENTRAL', 'SERVICE_QUALITY', [
    ['The', 'A'],
    ['clerk', 'teller', 'staff member', 'employee'],
    ['at the central branch', 'at the Central branch', ''],
    ['was rude', 'was very impolite', 'shouted at me', 'treated me disrespectfully'],
  ]),
  en('BRANCH-CENTRAL', 'SERVICE_QUALITY', [
    ['I', 'We'],
    ['waited', 'had to wait', 'queued'],
    ['over two hours', 'for two hours', 'more than 2 hours'],
    ['at the central branch', 'in the Central branch office'],
    ['', 'without being served', 'before anyone helped'],
  ]),
  en('APP-MOBILE', 'SYSTEM_TECHNICAL', [
    ['I', 'We', ''],
    ['cannot', "can't", 'am unable to'],
    ['log in', 'sign in', 'login'],
    ['to the app', 'to the mobile app', 'on the banking app'],
    ['', 'since the update', 'after the last update'],
  ]),
  en('APP-MOBILE', 'SYSTEM_TECHNICAL', [
    ['The', 'Your'],
    ['app', 'mobile app', 'banking app'],
    ['crashes', 'keeps crashing', 'closes itself', 'freezes'],
    ['when I open it', 'on startup', 'every time I open it', 'when I start it'],
  ]),
  en('APP-MOBILE', 'POLICY_PROCESS', [
    ['A', 'My'],
    ['transfer', 'payment'],
    ['made in the app', 'from the app', 'via the mobile app'],
    ['never arrived', 'did not reach the recipient', 'is missing', 'was lost'],
  ]),
  en('LOAN-HOME', 'POLICY_PROCESS', [
    ['The', 'My'],
    ['mortgage', 'home loan'],
    ['interest rate', 'rate'],
    ['was raised', 'went up', 'was increased'],
    ['without notice', 'without telling me', 'with no warning'],
  ]),
  en('LOAN-HOME', 'SERVICE_QUALITY', [
    ['You', 'The bank'],
    ['lost', 'misplaced'],
    ['my', 'the'],
    ['mortgage documents', 'loan papers', 'home loan documents'],
  ]),
  en('TV-S55', 'PRODUCT_FUNCTION', [
    ['The', 'My'],
    ['S55', 'S55 TV', 'television'],
    ['shows no picture', 'has a black screen', 'screen stays black'],
    ['', 'but sound works', 'although the sound is fine'],
  ]),
  en('TV-S55', 'PRODUCT_FUNCTION', [
    ['The', 'My'],
    ['remote', 'remote control'],
    ['for the S55', 'of the S55 TV'],
    ['does not work', 'stopped working', 'is unresponsive'],
  ]),
  en('DELIVERY-EXPRESS', 'SERVICE_QUALITY', [
    ['My', 'The'],
    ['parcel', 'package', 'order', 'delivery'],
    ['arrived', 'came', 'was delivered'],
    ['a week late', 'seven days late', 'far too late', 'ten days after the promised date'],
  ]),
  en('DELIVERY-EXPRESS', 'SERVICE_QUALITY', [
    ['The', 'My'],
    ['parcel', 'package', 'order'],
    ['was delivered', 'went', 'was left'],
    ['to the wrong address', 'to a neighbour', 'at another house'],
  ]),
  en('INSURANCE-CAR', 'POLICY_PROCESS', [
    ['My', 'The'],
    ['car insurance', 'motor insurance'],
    ['claim', 'claim for the accident'],
    ['was rejected', 'was refused', 'got denied'],
    ['without explanation', 'with no reason given', 'for no reason'],
  ]),
  en('INSURANCE-CAR', 'POLICY_PROCESS', [
    ['My', 'The'],
    ['car insurance', 'motor insurance'],
    ['premium', 'price'],
    ['doubled', 'went up a lot', 'increased sharply'],
    ['at renewal', 'this year', 'on renewal'],
  ]),
  zh('CARD-GOLD', 'POLICY_PROCESS', [
    ['我的', '这张', ''],
    ['信用卡', '金卡'],
    ['被重复扣费', '扣了两次钱', '重复扣款'],
    ['了', ''],
    ['请退款', '希望退回多扣的钱', ''],
  ]),
  zh('CARD-GOLD', 'POLICY_PROCESS', [
    ['我的', ''],
    ['信用卡', '金卡'],
    ['额度', '信用额度'],
    ['被降低了', '无故下调', '突然变少了'],
  ]),
  zh('BROADBAND-HOME', 'SYSTEM_TECHNICAL', [
    ['家里的', '我家', ''],
    ['宽带', '网络'],
    ['经常断网', '老是掉线', '总是断线'],
    ['每天好几次', '一天断好几回', ''],
  ]),
  zh('BROADBAND-HOME', 'SERVICE_QUALITY', [
    ['宽带', '新装宽带'],
    ['安装', '上门安装'],
    ['一直没人来', '拖了很久', '预约了三次都没来'],
  ]),
];

function en(objectReference: string, category: string, slots: string[][]): ProblemTemplate {
  return { objectReference, category, language: 'en', slots };
}

function zh(objectReference: string, category: string, slots: string[][]): ProblemTemplate {
  return { objectReference, category, language: 'zh', slots };
}

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same fixture everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface LabelledComplaint extends DuplicateFacts {
  /** Complaints of one episode are duplicates of each other; no others are. */
  episode: number;
}

/**
 * How often a repeat complaint words a slot afresh rather than as the
 * customer put it the first time: a repeat is a paraphrase of the first
 * complaint, not an independent description of the problem.
 */
const REWORDING = 0.5;

const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T08:00:00Z');

/** At least `minimum` complaints, with their episodes. */
export function labelledComplaints(seed: number, minimum = 2_000): LabelledComplaint[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const complaints: LabelledComplaint[] = [];
  let episode = 0;
  let customer = 0;

  /** A wording of the problem: one alternative per slot, each kept from `earlier` unless reworded. */
  const word = (problem: ProblemTemplate, earlier?: string[]): string[] =>
    problem.slots.map((alternatives, i) => (earlier && random() >= REWORDING ? earlier[i] : pick(alternatives)));

  const write = (problem: ProblemTemplate, wording: string[]): string => {
    const phrase = wording.filter((part) => part !== '');
    const [openings, closings, joiner] =
      problem.language === 'en' ? [EN_OPENINGS, EN_CLOSINGS, ' '] : [ZH_OPENINGS, ZH_CLOSINGS, ''];
    const text = [pick(openings), phrase.join(joiner), pick(closings)].filter(Boolean).join(joiner);
    return problem.language === 'en' ? withTypos(text, random) : withSlip(text, random);
  };

  const add = (customerId: string, problem: ProblemTemplate, day: number, ofEpisode: number, content: string) => {
    const classified = random() < 0.75;
    complaints.push({
      id: `c${complaints.length + 1}`,
      customerId,
      receivedAt: new Date(START + day * DAY_MS + Math.floor(random() * 10 * 3_600_000)).toISOString(),
      category: classified ? problem.category : null,
      objectReference:
        random() < 0.15 ? problem.objectReference.toLowerCase().replace('-', ' ') : problem.objectReference,
      content,
      status: 'RECEIVED',
      episode: ofEpisode,
    });
    return complaints[complaints.length - 1];
  };

  while (complaints.length < minimum) {
    const customerId = `CUST-${++customer}`;
    const first = pick(PROBLEMS);
    const day = Math.floor(random() * 300);
    // The customer's episode with `first`: one complaint, often a repeat or two within days.
    const wording = word(first);
    const original = add(customerId, first, day, ++episode, write(first, wording));
    const repeats = random() < 0.5 ? (random() < 0.25 ? 2 : 1) : 0;
    for (let i = 0; i < repeats; i++) {
      add(customerId, first, day + 1 + Math.floor(random() * 20), episode, write(first, word(first, wording)));
    }
    // Near miss: another problem with the same object, raised around the same time.
    const siblings = PROBLEMS.filter((p) => p !== first && p.objectReference === first.objectReference);
    if (random() < 0.45 && siblings.length) {
      const sibling = pick(siblings);
      add(customerId, sibling, day + Math.floor(random() * 15), ++episode, write(sibling, word(sibling)));
    }
    // Near miss: the same problem again, long after the window (a new episode).
    if (random() < 0.1) {
      add(customerId, first, day + 45 + Math.floor(random() * 60), ++episode, write(first, word(first, wording)));
    }
    // Another unrelated problem of the same customer.
    if (random() < 0.3) {
      const unrelated = pick(PROBLEMS);
      add(customerId, unrelated, day + Math.floor(random() * 25), ++episode, write(unrelated, word(unrelated)));
    }
    // Near miss: another customer with the same problem, sometimes the very same words.
    if (random() < 0.2) {
      const other = `CUST-${++customer}`;
      const content = random() < 0.5 ? original.content : write(first, word(first, wording));
      add(other, first, day + Math.floor(random() * 5), ++episode, content);
    }
  }
  return complaints;
}

/** A character left out, in one text of four: the typing slip of a script without letters to misspell. */
function withSlip(text: string, random: () => number): string {
  if (random() >= 0.25) return text;
  const chars = [...text];
  chars.splice(Math.floor(random() * chars.length), 1);
  return chars.join('');
}

/** One typo in about one word of six: a swap, a drop, a doubled or a wrong letter. */
function withTypos(text: string, random: () => number): string {
  return text
    .split(' ')
    .map((word) => {
      const chars = [...word];
      if (chars.length < 4 || random() >= 1 / 6) return word;
      const at = 1 + Math.floor(random() * (chars.length - 2));
      const kind = Math.floor(random() * 4);
      if (kind === 0) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
      else if (kind === 1) chars.splice(at, 1);
      else if (kind === 2) chars.splice(at, 0, chars[at]);
      else chars[at] = String.fromCharCode(97 + Math.floor(random() * 26));
      return chars.join('');
    })
    .join(' ');
}
