// The one module a transform imports from the engine (published as `kcodemod/sdk`). Everything a
// transform may rely on is re-exported here; the engine's internals can move without breaking one.
export type { Transform, AnalysisContext, TransformAnalysis, SeriesOptions, SeriesContext, AuditResult } from './transform.js';
export { TransformRefusal, defineTransform, SDK_VERSION } from './transform.js';
export type { Vocabulary, ClassificationDecl, PhaseDecl, OptionDecl, CoreStateDecl, ColorRole, OptionValues, ReferenceDecl } from './vocabulary.js';
export type { CallSite, CoreReport, Evidence, ModuleFacts, FileFacts, UseFact, KbuildModule, Plan, Coverage, PreprocCondition, SiteAction } from './types.js';
export type { ParsedFile, SyntaxNode, Tree } from './parse/parser.js';
export { parseBytes } from './parse/parser.js';
export { callSiteOf, evidenceOf, type SiteOutcome } from './classify/call-site.js';
export { collectFacts, textualCall, functionNameOf } from './facts/collect.js';
export { LineIndex, foldWhitespace, wordOffsets, mentionsWord } from './facts/lines.js';
export { findFunctionDefinitions, findPrototypes, findExports, wholeLines, lineOf, type Located, type FunctionDefinition } from './parse/c-query.js';
export { ancestor, isNeverCompiledBranch, isAlwaysCompiledBranch, neverCompiled, countErrorNodes } from './parse/syntax.js';
export { sideEffectOf } from './parse/side-effects.js';
export { applyEdits, ascii, VirtualTree, type Edit } from './rewrite/edits.js';
export { planStatementDeletion, deleteStatements, type StatementDeletion, type DeletionForm } from './rewrite/delete-statement.js';
export { EditHistory } from './rewrite/edit-history.js';
export type { FileChange, SeriesPatch, SeriesPhase, SeriesModel } from './series/model.js';
export type { Decisions, SiteDecision, PatchDecision } from './series/decisions.js';
export { decisionFor } from './series/decisions.js';
export { personDecisionFor, overridesEvidence, personDecisionsSection, type PersonDecision } from './series/person-decisions.js';
export { stableRelease, fixesLineFor } from './series/stable-tree.js';
export { MESSAGE_WIDTH, COVER_WIDTH, wrapText, wrapParagraphs } from './series/wrap.js';
export { citedReferences, citationMark, linkTrailers, attributedQuote, referencesSection } from './series/references.js';
export { SeriesBuilder, groupSites, keySlug, type PatchSpec, type RenameTarget, type SplitBy } from './series/builder.js';
export { ModuleCallGraph, type FunctionDef, type CallEdge, type ValueUse } from './analyses/call-graph.js';
export { ModuleAtomicContext, type AtomicContext, type AtomicRule, type CallLocation, type IrqRegistrar, type IrqRegistrars } from './analyses/atomic/atomic-context.js';
export { failurePathOf, type FailurePath } from './analyses/failure-path.js';
export { findStructInitializers, findMacroDefinitions, type StructInitializer, type FieldValue, type MacroDefinition, type MacroEntry, type MacroArgument } from './analyses/struct-initializers.js';
// The test kit: fixture trees against their expected plan and patches.
export { defineTransformTests, checkFixtureCase, compareFixtureCase, formatMismatches, FixtureMismatchError, type FixtureMismatch } from './testing/transform-tests.js';
export { caseTree, runFixtureCase, TREE_PLACEHOLDER, FIXTURE_AUTHOR, FIXTURE_DATE, type CaseOptions, type CaseOutput } from './testing/fixture-case.js';
