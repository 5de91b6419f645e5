import { defineConfig } from "drizzle-kit";

// `pnpm --filter @parley/relay db:generate` writes a new SQL migration into drizzle/ after a
// change to src/db/schema.ts. The relay applies them at start (src/db/migrate.ts).
export default defineConfig({
  dialect: "sqlite",
  // schema-dashboard.ts: the dashboard / agent console tables (issue 8).
  schema: ["./src/db/schema.ts", "./src/db/schema-dashboard.ts"],
  out: "./drizzle",
});
