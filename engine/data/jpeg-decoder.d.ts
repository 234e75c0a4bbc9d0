// jpeg-js's decoder on its own: the package's index also loads its encoder, which uses Buffer.
declare module 'jpeg-js/lib/decoder.js' {
  const decode: typeof import('jpeg-js').decode;
  export default decode;
}
