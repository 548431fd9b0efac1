// tree-sitter-c behind one small interface. Sources are decoded as Latin-1 so that a character
// index is a byte index: edits computed on the parse land on the exact bytes of the file.
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

export interface ParsedFile {
  file: string;
  bytes: Buffer;
  /** bytes decoded as Latin-1: text.length === bytes.length */
  text: string;
  tree: Tree;
}

let parser: Parser | null = null;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(C as unknown as Parser.Language);
  }
  return parser;
}

// tree-sitter's default input chunking reads the string in 32 KiB windows; a buffer size larger
// than the file keeps big generated files working.
export function parseBytes(file: string, bytes: Buffer): ParsedFile {
  const text = bytes.toString('latin1');
  const tree = getParser().parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
  return { file, bytes, text, tree };
}
