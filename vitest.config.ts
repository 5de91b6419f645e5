import { defineConfig } from "vitest/config";

// Each workspace package is a Vitest project with its own config (or the defaults below):
// unit tests live beside the code as `*.test.ts` and are named by behaviour.
export default defineConfig({
  test: {
    projects: ["packages/*", "relay", "widget", "knowledge-index"],
    // 2-core CI machine: keep worker count bounded so browser tests that follow are not starved.
    maxWorkers: 2,
  },
});
