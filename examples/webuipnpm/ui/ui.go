// Package ui holds the front end that esbuild bundles (installed with pnpm) into dist/ (npm run
// build in this directory), which git ignores.
package ui

import "embed"

// Dist is the bundle: index.html and app.js.
//
//go:embed dist
var Dist embed.FS
