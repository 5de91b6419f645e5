/** Shapes the dashboard API returns (mirrors relay/src/dashboard/*.ts). */
export interface CallCard {
  sessionId: string;
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

export interface LiveState {
  at: number;
  active: CallCard[];
  recent: CallCard[];
  queue: { id: string; sessionId: string; category: string; createdAt: number }[];
}

export interface Escalation {
  id: string;
  sessionId: string;
  state: string;
  category: string;
  urgency: string | null;
  reason: string;
  agentName: string | null;
  handoff: {
    customer: string;
    conversation_history: { speaker: string; text: string; at?: number }[];
    query: string;
    customer_data: {
      name?: string | null;
      company?: string | null;
      phone?: string | null;
      email?: string | null;
    };
    ai_attempted: boolean;
    reason: string;
  };
  createdAt: number;
}
