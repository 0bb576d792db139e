// The legacy build: the app runs in the system's web view (WebKit on macOS and Linux), which may be older than
// the browsers the modern build requires.
import workerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url';
import { base64Bytes } from '../../shared/readBase64';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** A PDF opened by pdf.js: how many pages it has, each drawn on a canvas on request. */
export type PdfDocument = {
  pageCount: number;
  /** Draws page `pageNumber` (from 1) on `canvas`, `width_px` CSS pixels wide; sharp on high-density screens. */
  renderPage(pageNumber: number, canvas: HTMLCanvasElement, width_px: number): Promise<void>;
  /** Frees the document in the worker; a render still running rejects. Never rejects itself. */
  destroy(): Promise<void>;
};

/**
 * The largest canvas drawn, in device pixels: WebKit refuses bigger ones, and an odd page size (a long till
 * roll) must not take the memory of a poster.
 */
const CANVAS_PIXELS_MAX = 4096 * 4096;

/** Sharper than this buys little on a receipt and costs four times the memory per step. */
const PIXEL_RATIO_MAX = 2;

/**
 * The predefined CMaps that PDFs with non-embedded CJK fonts name (STSong-Light with UniGB-UCS2-H, as Chinese
 * e-invoices from Java systems often are). Each is bundled as its own small chunk and loaded on first use, as
 * data rather than fetched, so the CSP's `connect-src` need not allow the app's own files.
 */
const CMAPS = import.meta.glob<string>('../../../node_modules/pdfjs-dist/cmaps/*.bcmap', {
  query: '?url&inline',
  import: 'default',
});

/** Gives pdf.js the bundled CMaps; standard fonts come from the system, and wasm is off (see `openPdf`). */
class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const load = kind === 'cMapUrl' ? CMAPS[`../../../node_modules/pdfjs-dist/cmaps/${filename}`] : undefined;
    if (!load) throw new Error(`no bundled ${kind} file ${filename}`);
    const dataUrl = await load();
    return base64Bytes(dataUrl.slice(dataUrl.indexOf(',') + 1));
  }
}

let loading: Promise<Pdfjs> | null = null;

/** pdf.js is large and only needed to view a PDF: loaded on first use, once. */
function loadPdfjs(): Promise<Pdfjs> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs').then(
    (pdfjs) => {
      // Served from the app's own files, as the CSP's `script-src 'self'` requires.
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

type PdfOpener = (bytes: Uint8Array) => Promise<PdfDocument>;
let standIn: PdfOpener | null = null;

/**
 * For the UI's tests, which run in jsdom (no canvas, no worker for pdf.js): what opens PDFs instead of pdf.js, or
 * null for pdf.js again.
 */
export function openPdfWith(opener: PdfOpener | null): void {
  standIn = opener;
}

/** Opens a PDF from its bytes; rejects when pdf.js cannot read it (damaged, or protected by a password). */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  if (standIn) return standIn(bytes);
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // A copy: pdf.js hands the buffer to its worker, which leaves the caller's empty.
    data: bytes.slice(),
    BinaryDataFactory: BundledDataFactory,
    // WebAssembly would need `'wasm-unsafe-eval'` in the CSP; pdf.js falls back to JavaScript. (pdf.js 6 has no
    // `isEvalSupported` option any more: it no longer builds code with eval or `new Function` at all.)
    useWasm: false,
  });
  // With no `onPassword` on the task, a protected file rejects here rather than asking.
  const pdf = await task.promise;
  return {
    pageCount: pdf.numPages,
    async renderPage(pageNumber, canvas, width_px) {
      const page = await pdf.getPage(pageNumber);
      try {
        const natural = page.getViewport({ scale: 1 });
        const cssScale = width_px > 0 ? width_px / natural.width : 1;
        const pixelRatio = Math.min(window.devicePixelRatio || 1, PIXEL_RATIO_MAX);
        const fitScale = Math.sqrt(CANVAS_PIXELS_MAX / (natural.width * natural.height));
        const viewport = page.getViewport({ scale: Math.min(cssScale * pixelRatio, fitScale) });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        await page.render({ canvas, viewport }).promise;
      } finally {
        page.cleanup();
      }
    },
    // Freeing is best effort: a viewer being closed can do nothing about a failure.
    destroy: () => task.destroy().catch(() => undefined),
  };
}
