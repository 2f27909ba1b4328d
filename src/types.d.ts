/** Map files imported as text (`import text from './x.map' with { type: 'text' }`). */
declare module '*.map' {
  const text: string;
  export default text;
}
