/**
 * Event types the shipped policy packs rely on that the complaint domain does
 * not emit yet, with the fields the packs read. Until the domain adds them the
 * clocks that need them simply never stop (or start); the shipped-policy test
 * fails if a pack mentions an event that is neither a domain event nor here.
 * Empty while the domain emits every event the shipped packs use; a new pack
 * that needs a new milestone lists it here until the decider records it.
 */
export const PLANNED_DOMAIN_EVENTS: Readonly<Record<string, { fields: string; usedBy: string }>> = {};
