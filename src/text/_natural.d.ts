// natural ships no declarations for its deep module paths; these are the parts we use.
// Only deep paths are imported: the package root loads dotenv and database clients.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  const mod: { words: string[] };
  export default mod;
}
declare module 'natural/lib/natural/util/abbreviations_en.js' {
  const mod: { knownAbbreviations: string[] };
  export default mod;
}
