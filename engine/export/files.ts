/** An exported file: its path inside the export's folder (`/`-separated) and its bytes. The caller writes it. */
export interface ExportFile {
  path: string;
  bytes: Uint8Array;
}
