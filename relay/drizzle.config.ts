import { defineConfig } from "drizzle-kit";

// `pnpm --filter @parley/relay db:generate` writes a new SQL migration into drizzle/ after a
// change to src/db/schema.ts. The relay applies them at start (src/db/migrate.ts).
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
