declare module '*.js?raw' {
  const source: string;
  export default source;
}
