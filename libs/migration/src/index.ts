/**
 * Bulk import of historical tickets from other helpdesks (Zendesk, Zammad,
 * a documented CSV) into complaint event streams, through the domain's
 * decider; see README.md for the formats and the lifecycle mapping.
 */
export * from './historical-ticket';
export * from './mapping-options';
export * from './source-records';
export * from './ticket-format';
export * from './ticket-lifecycle';
export * from './imported-history';
export * from './bulk-import';
export { CSV_COLUMNS, CSV_FORMAT } from './csv-tickets';
export { ZENDESK_FORMAT } from './zendesk-tickets';
export { ZAMMAD_FORMAT } from './zammad-tickets';
export { TICKET_FORMATS } from './ticket-formats';
