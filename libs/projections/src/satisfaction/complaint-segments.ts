import type { ComplaintEvent } from '@redress/domain';

/**
 * The complaint attributes figures are segmented by (issue 6 §2): category,
 * intake channel, customer tier, department, agent (the assignee) and grade.
 * Both the satisfaction and the KPI read models keep their own copy, folded
 * from the complaint's events by this one function, so neither depends on
 * another projection's progress and a rebuild reproduces them exactly.
 */
export const COMPLAINT_SEGMENT_DIMENSIONS = [
  'category',
  'channel',
  'customerTier',
  'department',
  'agent',
  'grade',
] as const;
export type ComplaintSegmentDimension = (typeof COMPLAINT_SEGMENT_DIMENSIONS)[number];

export type ComplaintSegments = Record<ComplaintSegmentDimension, string | null>;

export const NO_SEGMENTS: ComplaintSegments = {
  category: null,
  channel: null,
  customerTier: null,
  department: null,
  agent: null,
  grade: null,
};

/** Event types that change a complaint's segments; every other event leaves them as they are. */
export const SEGMENT_EVENT_TYPES: readonly ComplaintEvent['type'][] = [
  'ComplaintReceived',
  'ComplaintClassified',
  'ComplaintReclassified',
  'ComplaintTriaged',
  'ComplaintAssigned',
  'ComplaintReassigned',
];

export function evolveComplaintSegments(segments: ComplaintSegments, event: ComplaintEvent): ComplaintSegments {
  switch (event.type) {
    case 'ComplaintReceived':
      return { ...NO_SEGMENTS, channel: event.data.channel, customerTier: event.data.customer.tier };
    case 'ComplaintClassified':
    case 'ComplaintReclassified':
      return { ...segments, category: event.data.category };
    case 'ComplaintTriaged':
      return { ...segments, grade: event.data.grade };
    case 'ComplaintAssigned':
    case 'ComplaintReassigned':
      return { ...segments, department: event.data.department, agent: event.data.assignee };
    default:
      return segments;
  }
}
