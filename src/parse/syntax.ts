// Small syntax-tree questions that facts collection and transforms both ask.
import type { SyntaxNode } from './parser.js';

export function ancestor(node: SyntaxNode, test: (n: SyntaxNode) => boolean): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (test(n)) return n;
  return null;
}

/** `#if 0`: its branch is never compiled. */
export function isNeverCompiledBranch(pre: SyntaxNode): boolean {
  const cond = pre.childForFieldName('condition');
  return pre.type === 'preproc_if' && cond?.type === 'number_literal' && /^0+$/.test(cond.text.trim());
}

/** `#if 1` (any non-zero literal): its #else is never compiled. */
export function isAlwaysCompiledBranch(pre: SyntaxNode): boolean {
  const cond = pre.childForFieldName('condition');
  return pre.type === 'preproc_if' && cond?.type === 'number_literal' && /^0*[1-9]\d*$/.test(cond.text.trim());
}

/** Inside `#if 0` (or the `#else` of `#if 1`): never compiled, so it registers or calls nothing. */
export function neverCompiled(node: SyntaxNode): boolean {
  let child = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    const alternative = n.childForFieldName('alternative');
    const inAlternative = alternative?.id === child.id;
    if (isNeverCompiledBranch(n) && !inAlternative) return true;
    if (isAlwaysCompiledBranch(n) && inAlternative && alternative?.type === 'preproc_else') return true;
  }
  return false;
}

/** ERROR and MISSING nodes of a parse: how much of the file tree-sitter could not read. */
export function countErrorNodes(root: SyntaxNode): number {
  if (!root.hasError) return 0;
  let count = 0;
  const cursor = root.walk();
  let descend = true;
  for (;;) {
    const node = cursor.currentNode;
    if (descend && (node.type === 'ERROR' || node.isMissing)) count++;
    if (descend && node.hasError && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
  }
  return count;
}
