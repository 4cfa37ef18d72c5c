// Which sent document is a bank file to import: read by the import feature, and
// by a waiting question (shared/ask.ts), which such a file leaves for the import.
import type { Document } from 'grammy/types';

/**
 * A table file: CSV, or tab-separated text (.tsv, and .txt: Excel's "Unicode
 * Text" is UTF-16 with tabs). The core detects the delimiter and the encoding.
 */
export function isTableFile(doc: Pick<Document, 'file_name' | 'mime_type'>): boolean {
  return /\.(csv|tsv|txt)$/i.test(doc.file_name ?? '') || doc.mime_type === 'text/csv' || doc.mime_type === 'text/tab-separated-values';
}
