// Files the bundles carry as text (esbuild's `text` loader in scripts/build.mjs): the ONNX
// message definitions and the PyTorch project's Python sources, so no bundle reads them from
// disk (the browser host has no disk to read them from).
declare module '*.proto' {
  const text: string;
  export default text;
}
declare module '*.py' {
  const text: string;
  export default text;
}
