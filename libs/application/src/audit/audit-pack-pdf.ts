import PDFDocument from 'pdfkit';
import type { AuditPack } from './audit-pack';
import type { CycleState } from '@redress/sla';
import { UnicodeSubsetFonts } from './unicode-subset-fonts';

const MARGIN = 50;
const SIZES = { title: 16, heading: 12, body: 9, small: 7.5 } as const;
const GREY = '#555555';

let sharedFonts: UnicodeSubsetFonts | undefined;

/**
 * Renders an audit pack as a PDF for people: the complaint, the hash-chain
 * verdict, the SLA outcomes, then every event with who did it, when, why and
 * where the complaint stood afterwards. The same pack's JSON and CSV forms
 * are the machine-readable evidence; this one is for reading and filing.
 * Reproducible: the PDF's creation date is the pack's generation instant.
 */
export function renderAuditPackPdf(pack: AuditPack, fonts = (sharedFonts ??= UnicodeSubsetFonts.notoSansSc())) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Audit pack: complaint ${pack.complaint.id}`,
      Author: 'Redress',
      Subject: `Complaint history, SLA outcomes and hash-chain verification as of ${pack.generatedAt}`,
      CreationDate: new Date(pack.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const writer = new PdfTextWriter(doc, fonts);

  writer.line(`Audit pack: complaint ${pack.complaint.id}`, SIZES.title);
  writer.line(`Generated ${pack.generatedAt} by Redress (audit pack format ${pack.formatVersion})`, SIZES.small, GREY);
  writer.gap();
  const c = pack.complaint;
  writer.line(
    `Status ${c.status} at revision ${c.revision}; received ${c.receivedAt ?? 'never'} via ${c.channel ?? 'unknown'}` +
      `${c.customerId ? ` from customer ${c.customerId}` : ''}${c.category ? `; category ${c.category}` : ''}` +
      `${c.closedAt ? `; closed ${c.closedAt}` : ''}`,
    SIZES.body,
  );
  if (c.content) writer.line(`Complaint: ${c.content}`, SIZES.body);
  if (c.reason) writer.line(`Reason given: ${c.reason}`, SIZES.body);

  writer.heading('Hash-chain verification');
  const v = pack.verification;
  writer.line(
    v.valid
      ? `Intact: all ${v.events} events verified; head hash ${v.headHash}`
      : `BROKEN at revision ${v.firstBreak?.revision} (event ${v.firstBreak?.eventId}): ${v.firstBreak?.reason}. ` +
          'Events before it are intact; this one and everything after it cannot be trusted.',
    SIZES.body,
  );

  writer.heading('SLA outcomes');
  if (!pack.sla) writer.line('No SLA tracking is recorded for this complaint.', SIZES.body);
  else {
    writer.line(
      `Policy ${pack.sla.policy.policyId} version ${pack.sla.policy.version} (digest ${pack.sla.policy.digest}), as of ${pack.sla.at}`,
      SIZES.small,
      GREY,
    );
    for (const clock of pack.sla.clocks) {
      for (const cycle of [...clock.previousCycles, clock]) writer.line(describeCycle(cycle), SIZES.body);
    }
  }

  writer.heading(`History (${pack.history.length} events)`);
  pack.history.forEach((entry, i) => {
    const after = pack.timeline[i];
    writer.line(
      `#${entry.revision}  ${entry.type}  by ${entry.actor.id} (${entry.actor.role})  occurred ${entry.occurredAt}, recorded ${entry.recordedAt}`,
      SIZES.body,
    );
    writer.line(entry.description, SIZES.body);
    writer.line(
      `Status after: ${after.status}${after.department ? `; ${after.department}` : ''}` +
        `${after.assignee ? ` / ${after.assignee}` : ''}${after.escalationLevel ? `; escalated to ${after.escalationLevel}` : ''}` +
        `.  Correlation ${entry.correlationId}, causation ${entry.causationId}, command ${entry.commandId}`,
      SIZES.small,
      GREY,
    );
    writer.gap(0.4);
  });

  doc.end();
  return finished;
}

function describeCycle(cycle: CycleState): string {
  const parts = [
    `${cycle.title}${cycle.cycle > 1 ? ` (cycle ${cycle.cycle})` : ''}: ${cycle.status.toUpperCase()}`,
    cycle.startedAt && `started ${cycle.startedAt}`,
    cycle.dueAt && `due ${cycle.dueAt}`,
    cycle.endedAt && `ended ${cycle.endedAt}`,
    `elapsed ${formatDuration(cycle.elapsedSeconds)}${cycle.pausedIntervals.length ? `, paused ${cycle.pausedIntervals.length}×` : ''}`,
  ];
  return parts.filter(Boolean).join('; ');
}

function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${Math.floor(seconds % 60)} s`;
}

/** Writes lines of text whose characters may need different font subsets (see UnicodeSubsetFonts). */
class PdfTextWriter {
  private readonly registered = new Set<string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: UnicodeSubsetFonts,
  ) {}

  heading(text: string): void {
    this.gap();
    this.line(text, SIZES.heading);
  }

  gap(lines = 1): void {
    this.doc.moveDown(lines);
  }

  line(text: string, size: number, color = '#000000'): void {
    const runs = this.fonts.runs(text);
    this.doc.fillColor(color).fontSize(size);
    runs.forEach((run, i) => {
      if (!this.registered.has(run.font)) {
        this.doc.registerFont(run.font, this.fonts.fontFile(run.font));
        this.registered.add(run.font);
      }
      this.doc.font(run.font).text(run.text, { continued: i < runs.length - 1 });
    });
  }
}
