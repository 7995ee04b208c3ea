import type { PersonalData } from '@redress/domain';
import type { ImportFormat } from './historical-ticket';

/**
 * Where exports carry people's contact details. The customer's own (the
 * requester, the ticket's customer) become the complaint's personal data,
 * sealed with the customer's key like an intake's; everyone else's (the
 * senders and recipients of each message) are withheld. Neither is kept in
 * plaintext among the attributes; the attributes list every path taken out
 * (`personalDataPaths`), so nothing leaves without a trace.
 */
export interface SeparatedPersonalData {
  personal: PersonalData | null;
  attributes: Record<string, unknown>;
}

type SourceFields = Record<string, unknown>;

const isObject = (value: unknown): value is SourceFields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** "Wei Zhang <wei@example.com>" → name and address; a bare address → address only. */
function mailbox(value: unknown): { name?: string; email?: string } {
  const raw = text(value);
  if (!raw) return {};
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(raw);
  if (named) return { name: text(named[1]), email: text(named[2]) };
  return raw.includes('@') ? { email: raw } : { name: raw };
}

function compact(data: PersonalData): PersonalData | null {
  const entries = Object.entries(data).filter(([, value]) => value !== undefined && value !== '');
  return entries.length > 0 ? (Object.fromEntries(entries) as PersonalData) : null;
}

/** A deep copy of `value` with the keys of `remove` taken out wherever `matches(path)` says. */
function without(value: unknown, path: string, remove: (path: string) => boolean, taken: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => without(item, `${path}[${index}]`, remove, taken));
  if (!isObject(value)) return value;
  const kept: SourceFields = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (remove(childPath)) taken.push(childPath);
    else kept[key] = without(child, childPath, remove, taken);
  }
  return kept;
}

const ZENDESK_CONTACTS = [
  /^requester$/,
  /^via\.source\.(from|to)$/,
  /^comments\[\d+\]\.via\.source\.(from|to)$/,
  /^(email_ccs|followers|collaborators)$/,
];
const ZAMMAD_CONTACTS = [/^customer$/, /^articles\[\d+\]\.(from|to|cc|reply_to)$/];
const CSV_CONTACTS = [/^customer_(name|email|phone|address)$/];

export function separatePersonalData(format: ImportFormat, attributes: SourceFields): SeparatedPersonalData {
  const taken: string[] = [];
  const patterns = format === 'zendesk' ? ZENDESK_CONTACTS : format === 'zammad' ? ZAMMAD_CONTACTS : CSV_CONTACTS;
  const kept = without(attributes, '', (path) => patterns.some((pattern) => pattern.test(path)), taken) as SourceFields;
  if (taken.length === 0) return { personal: null, attributes };
  return {
    personal: customerContacts(format, attributes),
    attributes: { ...kept, personalDataPaths: taken },
  };
}

function customerContacts(format: ImportFormat, source: SourceFields): PersonalData | null {
  if (format === 'csv') {
    return compact({
      name: text(source.customer_name),
      email: text(source.customer_email),
      phone: text(source.customer_phone),
      address: text(source.customer_address),
    });
  }
  if (format === 'zendesk') {
    const requester = isObject(source.requester) ? source.requester : {};
    const from = isObject(source.via) && isObject(source.via.source) ? source.via.source.from : undefined;
    const sender = isObject(from) ? from : {};
    return compact({
      name: text(requester.name) ?? text(sender.name),
      email: text(requester.email) ?? text(sender.address),
      phone: text(requester.phone),
    });
  }
  // Zammad: the customer as an expanded object, or its login/e-mail; else the customer's own first article.
  const customer = source.customer;
  const firstByCustomer = (Array.isArray(source.articles) ? source.articles : []).find(
    (article) => isObject(article) && String(article.sender ?? '').toLowerCase() === 'customer',
  ) as SourceFields | undefined;
  const fromArticle = mailbox(firstByCustomer?.from);
  if (isObject(customer)) {
    const name = [text(customer.firstname), text(customer.lastname)].filter(Boolean).join(' ');
    const address = [text(customer.street), text(customer.zip), text(customer.city), text(customer.country)]
      .filter(Boolean)
      .join(', ');
    return compact({
      name: name || fromArticle.name,
      email: text(customer.email) ?? fromArticle.email,
      phone: text(customer.phone) ?? text(customer.mobile),
      address: address || undefined,
    });
  }
  return compact({ ...fromArticle, ...mailbox(customer) });
}
