/**
 * The live dashboard's per-call card as the API returns it. Shared by the server
 * (call-cards.ts builds it) and the dashboard app (it renders it); kept free of server imports
 * so the browser build can use it.
 */
export interface CallCard {
  sessionId: string;
  siteId: string;
  visitor: string;
  leadId: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
  status: string;
  stage: string;
  intent: string | null;
  issueType: string | null;
  mode: string | null;
  turnCount: number;
  avgResponseMs: number | null;
  knowledgeUsed: boolean;
  docsRetrieved: number;
  missingInfo: string[];
  pendingActions: string[];
  /** Actions the relay is still carrying out (queued, sending). */
  inProgressActions: string[];
  completedActions: string[];
  failedActions: string[];
  ticketNumber: string | null;
  ticketStatus: string | null;
  sentimentTrajectory: string[];
  resolution: string | null;
  rating: number | null;
  escalation: { id: string; state: string; category: string; agentId: string | null } | null;
}
