export const greeting = "webui-bundle-marker: bundled by esbuild";
