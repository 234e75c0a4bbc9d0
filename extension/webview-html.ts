/**
 * The HTML both webviews load: a CSP that starts from `default-src 'none'` and lets in only the
 * bundle (by the webview's own source) and scripts carrying this page's fresh nonce. Pure, so the
 * browser test loads the very same page.
 */
export interface PageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  /** The page's data-view: 'panel' or 'sidebar' (training bundle), or a lab view's kind. */
  view: string;
  title: string;
}

/** 32 random alphanumerics; a nonce must be unguessable and new for every page. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function pageHtml(o: PageOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
    // Chart.js and the web components set styles from script (CSSOM), which CSP allows; the
    // stylesheet itself comes from the bundle.
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}" nonce="${o.nonce}">
<title>${escapeAttr(o.title)}</title>
</head>
<body data-view="${o.view}">
<main id="app" aria-busy="true"><p>Loading Gradient Lab…</p></main>
<script nonce="${o.nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}
