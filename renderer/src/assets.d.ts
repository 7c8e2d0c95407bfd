// Vite turns `?url` imports into the URL of the emitted file (used for pdf.js's worker).
declare module '*?url' {
  const url: string
  export default url
}
// Style sheets imported for their side effect (pdf.js's viewer styles).
declare module '*.css'
