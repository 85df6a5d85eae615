// The PDF layouts, and pdfkit, its font engine and qrcode behind them (≈ 18 MB resident), are
// loaded the first time someone downloads a PDF, not at start: a process can serve pages for
// hours without one. Each loads once; the first download waits for it (tens of milliseconds).

type Lazy<T> = () => Promise<T>;

function once<T>(load: () => Promise<T>): Lazy<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    return loading;
  };
}

export const pdfLayouts = {
  statement: once(() => import('./pdf/statement-pdf.ts')),
  worksheet: once(() => import('./pdf/worksheet-layout.ts')),
  guide: once(() => import('./pdf/guide-layout.ts')),
  report: once(() => import('./pdf/report-layout.ts')),
};
