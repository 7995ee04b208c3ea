import type { HotspotComplaint } from './complaint-kpi.queries';

/**
 * Hotspot detection (投诉高发区域, 000 §5.2.5; complaint guide REQ-43 and the
 * mass-logistics-delay case of 002 §8.1): many complaints sharing a category,
 * a root cause or a product within a window.
 */
export const HOTSPOT_ATTRIBUTES = ['category', 'rootCauseCategory', 'rootCause', 'product'] as const;
export type HotspotAttribute = (typeof HOTSPOT_ATTRIBUTES)[number];

export interface HotspotCluster {
  attribute: HotspotAttribute;
  /** The shared value (a free-text root cause in its normalised form). */
  value: string;
  count: number;
  complaintIds: string[];
}

/**
 * Free-text root causes are compared case- and spacing-insensitively, so
 * "Firmware 1.2 bug" and "firmware  1.2 BUG" form one cluster.
 */
function valueOf(complaint: HotspotComplaint, attribute: HotspotAttribute): string | null {
  const raw = complaint[attribute];
  if (raw === null || raw.trim() === '') return null;
  return attribute === 'rootCause' ? raw.trim().replace(/\s+/g, ' ').toLowerCase() : raw;
}

/** The clusters of at least `minComplaints` complaints sharing `attribute`, largest first. Pure. */
export function detectHotspots(
  complaints: readonly HotspotComplaint[],
  attribute: HotspotAttribute,
  minComplaints: number,
): HotspotCluster[] {
  const clusters = new Map<string, string[]>();
  for (const complaint of complaints) {
    const value = valueOf(complaint, attribute);
    if (value === null) continue;
    clusters.set(value, [...(clusters.get(value) ?? []), complaint.id]);
  }
  return [...clusters.entries()]
    .filter(([, ids]) => ids.length >= minComplaints)
    .map(([value, ids]) => ({ attribute, value, count: ids.length, complaintIds: ids }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
