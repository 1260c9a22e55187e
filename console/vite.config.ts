/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// One static build for every place the console runs: settings come from /config.json at run time.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The sign-in page's budget is checked by tests/browser (200 KB gzipped); Vite's own warning
    // is about single chunks, so keep it near the budget.
    chunkSizeWarningLimit: 600,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
