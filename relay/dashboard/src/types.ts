/** Shapes the dashboard API returns (CallCard is shared with the server; the rest mirror relay/src/dashboard/*.ts). */
import type { CallCard } from "../../src/dashboard/client/call-card";

export type { CallCard };

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
