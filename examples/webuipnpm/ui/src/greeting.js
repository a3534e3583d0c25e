export const greeting = "webuipnpm-bundle-marker: bundled by esbuild";
