// The plan's record of one region call site: the contract fields every decision is read from.
import type { CallSite } from '../../src/sdk.js';

export type Classification = 'managed' | 'unmanaged' | 'core' | 'review';
export type Action = 'rename' | 'delete' | 'none';
export type Role = 'request' | 'release';

export interface RegionSite extends CallSite {
  classification: Classification;
  /** What the port does with the call: rename it to `replacement`, delete its statement, or nothing. */
  action: Action;
  /** `file::variable` of the struct pci_driver that decided, when known. */
  driver: string | null;
  role: Role;
  /** How the device is enabled, independent of what becomes of the call (context for review). */
  deviceKind: 'managed' | 'unmanaged' | null;
  kind: 'call' | 'reference';
  /** Byte range of the whole call: what a statement deletion starts from. */
  callStart: number;
  callEnd: number;
  macro: string | null;
  neverCompiled: boolean;
  /** For a release: the paths that reach it, in words (why it may go, or why it needs a person). */
  releasePath?: string;
  /** A rename whose replacement the tree defines but does not offer drivers yet (a prepare patch makes it public). */
  needsPublishing?: boolean;
  /** Other modules that include the header holding this site. */
  modules?: string[];
}
