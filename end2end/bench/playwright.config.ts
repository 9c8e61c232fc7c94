import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

// The in-browser APL check benchmark: not part of the normal suite (its own directory and
// config). Run: cd end2end && ROTASIM_BASE_URL=http://127.0.0.1:PORT npx playwright test -c bench
export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "*.bench.ts",
  timeout: 300_000,
});
