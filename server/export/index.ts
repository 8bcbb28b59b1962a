/**
 * Server-side export of a room's text: read the Y.Doc, pick the variant's blocks, and write
 * them with the header in the asked format. Everything comes from the document the server
 * holds, so the agreed text is exactly what is locked.
 */
import type * as Y from 'yjs';
import { EXPORT_FORMATS, type ExportFormat, type ExportVariant } from '../../shared/api.js';
import type { TextLanguage } from '../../shared/textLanguages.js';
import { readDocument } from './documentModel.js';
import { renderDocx } from './docx.js';
import { exportText } from './exportText.js';
import { buildHeader } from './header.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPdf } from './pdf.js';
import { selectVariant, type ExportAmendment } from './variants.js';

export { readDocument, type ExportBlock, type ExportLine, type InlineRun } from './documentModel.js';
export { EXPORT_VARIANTS, selectVariant, type ExportAmendment, type ExportVariant, type VariantBlock } from './variants.js';
export { buildHeader, type ExportHeader } from './header.js';

export { EXPORT_FORMATS, type ExportFormat } from '../../shared/api.js';

export interface ExportOptions {
  format: ExportFormat;
  variant: ExportVariant;
  /** Document title, shown in the header and used for the file name. */
  title: string;
  /** Meeting name for the header, e.g. "2025 Annual Police Experts Meeting". */
  meeting?: string;
  /** Revision label, e.g. "Rev.1"; "Live text" when absent. */
  revision?: string;
  /** Date for the header; now when absent. */
  date?: Date;
  /** Pending amendments, shown after their paragraph in the 'marked' variant (ignored by the others). */
  amendments?: ExportAmendment[];
  /** The room's working language; English when absent. */
  language?: TextLanguage;
  /** The room's IANA time zone, for the date; Europe/Vienna when absent. */
  timeZone?: string;
  /** Where the silence procedures stand, one line each (header.ts silenceLines). */
  silence?: string[];
}

export interface ExportResult {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** Exports the room's text in one format and variant. */
export async function exportDocument(doc: Y.Doc, given: ExportOptions): Promise<ExportResult> {
  const options = exportableOptions(given);
  const header = buildHeader(options);
  const blocks = selectVariant(readDocument(doc), options.variant, options.amendments ?? []);
  const fileName = exportFileName(options);
  const contentType = CONTENT_TYPES[options.format];
  switch (options.format) {
    case 'md':
      return { body: renderMarkdown(header, blocks), contentType, fileName };
    case 'html':
      return { body: renderHtml(header, blocks), contentType, fileName };
    case 'docx':
      return { body: await renderDocx(header, blocks), contentType, fileName };
    case 'pdf':
      return { body: await renderPdf(header, blocks), contentType, fileName };
    default:
      throw new Error(`unknown export format: expected one of ${EXPORT_FORMATS.join(', ')}, got ${String(options.format)}`);
  }
}

/** The options with every string that reaches the file as exports may carry it (exportText). */
function exportableOptions(options: ExportOptions): ExportOptions {
  const text = (value: string | undefined) => (value === undefined ? undefined : exportText(value));
  return {
    ...options,
    title: exportText(options.title),
    meeting: text(options.meeting),
    revision: text(options.revision),
    silence: options.silence?.map(exportText),
    amendments: options.amendments?.map((amendment) => ({
      ...amendment,
      kind: exportText(amendment.kind),
      text: exportText(amendment.text),
      proposer: exportText(amendment.proposer),
      delegation: amendment.delegation == null ? amendment.delegation : exportText(amendment.delegation),
    })),
  };
}

/**
 * An ASCII file name safe in a Content-Disposition header, e.g.
 * "draft-conclusions-agreed-rev-1.docx" or "draft-conclusions-clean-live.pdf".
 */
export function exportFileName(options: Pick<ExportOptions, 'title' | 'variant' | 'revision' | 'format'>): string {
  const title = slug(options.title) || 'document';
  const revision = slug(options.revision ?? '') || 'live';
  return `${title.slice(0, 80)}-${options.variant}-${revision.slice(0, 20)}.${options.format}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
