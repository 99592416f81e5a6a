// Parses Terraform files with HashiCorp's HCL parser (@cdktf/hcl2json, Go compiled to WebAssembly) and prints
// {"<file>": <the file as Terraform JSON>, ...}. Exits 1 naming every file that does not parse.
// Usage: node hcl2json.mjs FILE.tf...
import { readFile } from "node:fs/promises";
import { parse } from "@cdktf/hcl2json";

const files = process.argv.slice(2);
const parsed = {};
const failures = [];
for (const file of files) {
  try {
    parsed[file] = await parse(file, await readFile(file, "utf8"));
  } catch (error) {
    failures.push(`${file}: ${error?.message ?? error}`);
  }
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
process.stdout.write(JSON.stringify(parsed));
