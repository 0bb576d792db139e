import type { TFunction } from 'i18next';
import { toApiError } from '../../api/rpc';
import { errorText, reasonText } from '../../shared/errors';

/** The kinds of file the core keeps as receipts (it checks the content, too). */
export const RECEIPT_TYPES = 'image/png,image/jpeg,image/webp,application/pdf';

/** Whether the browser can show the file inline. */
export function isImage(mime: string): boolean {
  return mime.startsWith('image/');
}

/** Whether pdf.js can draw the file in the app. */
export function isPdf(mime: string): boolean {
  return mime === 'application/pdf';
}

/**
 * At most this many pages of a PDF receipt are drawn: a receipt has one or two, and each page is a canvas of
 * megabytes. A longer file is saved to be read elsewhere.
 */
export const PDF_PAGES_MAX = 20;

/** A file's size, in KB or MB. */
export function fileSize(t: TFunction, bytes: number): string {
  if (bytes < 1024 * 1024) return t('finance.attachments.kb', { size: Math.max(1, Math.round(bytes / 1024)) });
  return t('finance.attachments.mb', { size: (bytes / (1024 * 1024)).toFixed(1) });
}

/**
 * Why a receipt could not be added, read or removed: the core's own words when it could not find the file (it
 * says whether it was attached on another device and has not reached this one), else the usual message.
 */
export function attachmentErrorText(t: TFunction, error: unknown): string {
  const apiError = toApiError(error);
  return apiError.code === 'not_found' ? reasonText(t, apiError) : errorText(t, apiError);
}
