/**
 * The precision/recall evaluation of duplicate detection (issue 11): a
 * labelled fixture of at least 2,000 complaints generated from templates
 * with paraphrases, typos and near misses (labelled-complaints.ts), run
 * through the detector the API uses. A threshold is chosen on a calibration
 * seed; the evaluation seed, a different fixture, must then reach
 * precision ≥ 0.90 at recall ≥ 0.70, with the chosen threshold and with the
 * shipped default. Pairs are unordered: a pair is found when either
 * complaint lists the other among its candidates.
 */
import {
  DEFAULT_DUPLICATE_DETECTION,
  findDuplicateCandidates,
  profiled,
  type DuplicateDetectionSettings,
  type ProfiledFacts,
} from '../../src/duplicates/duplicate-detector';
import { gramDocumentCounts, textProfile, type GramFrequencies } from '../../src/duplicates/text-similarity';
import { labelledComplaints, type LabelledComplaint } from './labelled-complaints';

const CALIBRATION_SEED = Number(process.env.DUPLICATES_CALIBRATION_SEED ?? 20_261_123);
const EVALUATION_SEED = Number(process.env.DUPLICATES_EVALUATION_SEED ?? 11_011_011);

interface Measured {
  threshold: number;
  precision: number;
  recall: number;
  truePairs: number;
  foundPairs: number;
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The fixture's own n-gram document counts, as the duplicate-detection read model would hold them. */
function frequenciesOf(complaints: readonly LabelledComplaint[]): GramFrequencies {
  const counts = gramDocumentCounts(complaints.map((complaint) => textProfile(complaint.content)));
  return { documents: complaints.length, documentsWith: (gram) => counts.get(gram) ?? 0 };
}

/** Every candidate pair the detector finds at the lowest threshold considered, with its score. */
function scoredPairs(complaints: readonly LabelledComplaint[], floor: number): Map<string, number> {
  const frequencies = frequenciesOf(complaints);
  const facts: ProfiledFacts[] = complaints.map((complaint) => profiled(complaint, frequencies));
  const byCustomer = groupBy(facts, (complaint) => complaint.customerId);
  const pairs = new Map<string, number>();
  for (const subject of facts) {
    const settings: DuplicateDetectionSettings = { ...DEFAULT_DUPLICATE_DETECTION, threshold: floor, limit: 1_000 };
    for (const candidate of findDuplicateCandidates(subject, byCustomer.get(subject.customerId) ?? [], settings)) {
      pairs.set(pairKey(subject.id, candidate.id), candidate.score);
    }
  }
  return pairs;
}

/** The duplicate pairs of the labels: every two complaints of one episode. */
function truePairs(complaints: readonly LabelledComplaint[]): Set<string> {
  const pairs = new Set<string>();
  for (const episode of groupBy(complaints, (complaint) => complaint.episode).values()) {
    for (let i = 0; i < episode.length; i++) {
      for (let j = i + 1; j < episode.length; j++) pairs.add(pairKey(episode[i].id, episode[j].id));
    }
  }
  return pairs;
}

function measure(scored: Map<string, number>, truth: Set<string>, threshold: number): Measured {
  const found = [...scored].filter(([, score]) => score >= threshold).map(([key]) => key);
  const correct = found.filter((key) => truth.has(key)).length;
  return {
    threshold,
    precision: found.length ? correct / found.length : 1,
    recall: truth.size ? correct / truth.size : 1,
    truePairs: truth.size,
    foundPairs: found.length,
  };
}

const THRESHOLDS = Array.from({ length: 71 }, (_, i) => Math.round((0.25 + i * 0.01) * 100) / 100);

describe('duplicate detection, precision and recall on labelled complaints', () => {
  const calibration = labelledComplaints(CALIBRATION_SEED);
  const evaluation = labelledComplaints(EVALUATION_SEED);
  const calibrationScores = scoredPairs(calibration, THRESHOLDS[0]);
  const evaluationScores = scoredPairs(evaluation, THRESHOLDS[0]);
  const calibrationTruth = truePairs(calibration);
  const evaluationTruth = truePairs(evaluation);

  // The calibration seed's threshold: the best recall whose precision keeps a margin above the target.
  const chosen = THRESHOLDS.map((threshold) => measure(calibrationScores, calibrationTruth, threshold))
    .filter((m) => m.precision >= 0.93)
    .sort((a, b) => b.recall - a.recall || a.threshold - b.threshold)[0];

  it('runs on fixtures of at least 2,000 complaints with duplicates and near misses, from different seeds', () => {
    for (const fixture of [calibration, evaluation]) {
      expect(fixture.length).toBeGreaterThanOrEqual(2_000);
      const customers = new Map<string, Set<string>>();
      for (const c of fixture)
        customers.set(
          c.customerId,
          (customers.get(c.customerId) ?? new Set()).add(c.objectReference.toUpperCase().replace(' ', '-')),
        );
      // Near misses of the hard kind exist: the same customer, the same object, different episodes.
      const sameObjectOtherProblem = fixture.filter((c) =>
        fixture.some(
          (d) =>
            d.customerId === c.customerId &&
            d.episode !== c.episode &&
            d.objectReference.toUpperCase().replace(' ', '-') === c.objectReference.toUpperCase().replace(' ', '-'),
        ),
      );
      expect(sameObjectOtherProblem.length).toBeGreaterThan(200);
      // And other customers' complaints in the very same words.
      const sameText = fixture.filter((c) =>
        fixture.some((d) => d.customerId !== c.customerId && d.content === c.content),
      );
      expect(sameText.length).toBeGreaterThan(20);
    }
    expect(calibration.map((c) => c.content)).not.toEqual(evaluation.map((c) => c.content));
    expect(evaluationTruth.size).toBeGreaterThan(300);
  });

  it('reaches precision ≥ 0.90 at recall ≥ 0.70 on the evaluation seed with the calibrated threshold', () => {
    expect(chosen).toBeDefined();
    const result = measure(evaluationScores, evaluationTruth, chosen.threshold);
    console.log(
      `duplicate detection: threshold ${chosen.threshold} (calibration seed ${CALIBRATION_SEED}: precision ` +
        `${chosen.precision.toFixed(3)}, recall ${chosen.recall.toFixed(3)}); evaluation seed ${EVALUATION_SEED}, ` +
        `${evaluation.length} complaints, ${result.truePairs} duplicate pairs: precision ${result.precision.toFixed(3)}, ` +
        `recall ${result.recall.toFixed(3)} (${result.foundPairs} pairs found)`,
    );
    expect(result.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('reaches the same targets with the shipped default threshold', () => {
    const result = measure(evaluationScores, evaluationTruth, DEFAULT_DUPLICATE_DETECTION.threshold);
    console.log(
      `duplicate detection, shipped threshold ${DEFAULT_DUPLICATE_DETECTION.threshold}: precision ` +
        `${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}`,
    );
    expect(result.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.recall).toBeGreaterThanOrEqual(0.7);
  });

  it('finds nothing across customers, even in the same words', () => {
    const frequencies = frequenciesOf(evaluation);
    const [subject, ...others] = evaluation.map((complaint) => profiled(complaint, frequencies));
    const strangers = others.map((other) => ({
      ...other,
      customerId: `${subject.customerId}-other`,
      content: subject.content,
    }));
    expect(findDuplicateCandidates(subject, strangers)).toEqual([]);
  });
});
