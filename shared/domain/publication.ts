/**
 * A publication: one department's results of one (period, version), mailed once and announced once
 * (assessment.published). The close computes everything that needs the whole hall (ranks, red flag)
 * and hands each department's publication to the publish step, which renders and sends it.
 */
export interface PublicationRequest {
  period: string;
  version: number;
  departmentId: string;
  /** The close (or reconcile run) that asked for it: `emails` of a close counts the mails sent for its own id. */
  closeId: string;
  /** The department's staff in this publication (their stored sheets are read by id). */
  staffIds: string[];
  /** Hall rank of each of those staff who was ranked. */
  ranks: Record<string, number>;
  /** Size of the largest hall ranking the department's staff appear in. */
  rankedCount: number;
  redFlag: { windowId: string; name: string; meanScore: number } | null;
  /** No window earned the red flag (CONTRACT.md §12): the hall's best window and the `good` threshold it missed. */
  redFlagMissed?: { name: string; meanScore: number; threshold: number };
  /** For a correction: the version this department last received (its sheets say what changed). */
  previousVersion?: number;
  /** For a correction: the ranks and red flag the published version showed (they may move with other departments' sheets). */
  previousStandings?: { ranks: Record<string, number>; redFlag: { windowId: string; name: string; meanScore: number } | null };
  /** When the close ran (RFC 3339): the mail says so, however late it is sent. */
  generatedAt: string;
}

/** The bus message of a publication: its key and who asked; the request itself waits in the ledger. */
export interface PublicationMessage {
  period: string;
  version: number;
  departmentId: string;
  closeId: string;
}

/**
 * Where a (period, department, version) stands in the mail ledger. `held`: closed under rule
 * `publication: "review"`, waiting for POST /v1/publish (never claimed, never due for the sweep).
 */
export type MailStatus = 'held' | 'queued' | 'sending' | 'sent' | 'failed' | 'superseded';

export interface MailEntry {
  period: string;
  departmentId: string;
  version: number;
  status: MailStatus;
  request?: PublicationRequest;
  reason?: string;
  sentBy?: string;
  sentAt?: string;
  subject?: string;
  to?: string[];
  where?: string;
}

export const mailKey = (p: { period: string; departmentId: string; version: number }) => ({ period: p.period, departmentId: p.departmentId, version: p.version });
