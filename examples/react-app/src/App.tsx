import { useState } from "react";
import { VoiceAgent, type AgentState } from "@parley/widget";

/** Where the relay runs: set VITE_PARLEY_RELAY_URL at build time (default: `npm run demo`'s). */
const RELAY_URL = import.meta.env.VITE_PARLEY_RELAY_URL ?? "http://127.0.0.1:8787";

const ORDERS = [
  { id: "ORD98765", item: "TechCorp Aero 14 laptop", status: "Out for delivery" },
  { id: "ORD12345", item: "TechCorp View 27 monitor", status: "Delivered" },
];

export function App() {
  const [agentState, setAgentState] = useState<AgentState>("idle");
  const [followUps, setFollowUps] = useState<string[]>([]);

  return (
    <div className="page">
      <header>
        <strong>TechCorp</strong> account
        <span className="pill" aria-live="polite">
          Assistant: {agentState.replaceAll("_", " ")}
        </span>
      </header>
      <main>
        <h1>Your orders</h1>
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {ORDERS.map((order) => (
              <tr key={order.id}>
                <td>{order.id}</td>
                <td>{order.item}</td>
                <td>{order.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {followUps.length > 0 && (
          <section>
            <h2>Follow-ups from this call</h2>
            <ul>
              {followUps.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </section>
        )}
      </main>

      {/* The whole integration: one component. The pipeline loads only when the visitor starts. */}
      <VoiceAgent
        relayUrl={RELAY_URL}
        siteId="techcorp"
        assetBaseUrl="/parley/"
        site={{
          company: "TechCorp",
          defaultRegion: "IN",
          timezone: "Asia/Kolkata",
          orderIdPattern: "ORD\\d{5}",
        }}
        theme={{ accent: "#0f766e", radius: "12px" }}
        texts={{ title: "TechCorp help", launcher: "Ask us anything" }}
        onStateChange={setAgentState}
        onAction={(action) =>
          setFollowUps((lines) => [...lines, `${action.type}: ${action.status}`])
        }
      />
    </div>
  );
}
