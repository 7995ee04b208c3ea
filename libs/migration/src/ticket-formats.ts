import { CSV_FORMAT } from './csv-tickets';
import type { ImportFormat } from './historical-ticket';
import type { TicketFormat } from './ticket-format';
import { ZAMMAD_FORMAT } from './zammad-tickets';
import { ZENDESK_FORMAT } from './zendesk-tickets';

/** Every supported export format by its `--format` name. */
export const TICKET_FORMATS: Readonly<Record<ImportFormat, TicketFormat>> = {
  csv: CSV_FORMAT,
  zendesk: ZENDESK_FORMAT,
  zammad: ZAMMAD_FORMAT,
};
