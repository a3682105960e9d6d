// Every public symbol is documented where users read it (their editor): a summary, an @example for everything
// callable or constructible, and an @default for every option that has one.
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { root } from "../scripts/redocly.js";

const entries = ["src/index.ts", "src/v8_1/index.ts", "src/v1/index.ts", "src/mock/index.ts"];
// Options without a default value: what they mean when absent is said in their description.
const noDefault = new Set([
  "signal",
  "onPoll",
  "onLog",
  "token",
  "credentials",
  "baseUrl",
  "username",
  "password",
]);

const program = ts.createProgram(
  entries.map((e) => join(root, e)),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
  },
);
const checker = program.getTypeChecker();

function findings(): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const source = program.getSourceFile(join(root, entry));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (!declaration || declaration.getSourceFile().fileName.includes("/generated/")) continue;
      const name = `${entry} ${exported.name}`;
      // A namespace export (`export type * as v1 from ...`) is documented where it is exported.
      const site = exported.declarations?.[0];
      const siteComment =
        site && ts.isNamespaceExport(site)
          ? (ts
              .getLeadingCommentRanges(source.text, site.parent.getFullStart())
              ?.map((range) => source.text.slice(range.pos, range.end))
              .find((text) => text.startsWith("/**") && text.length > 8) ?? "")
          : "";
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)) || siteComment;
      if (!summary.trim()) problems.push(`${name}: no summary`);
      const tags = symbol.getJsDocTags().map((t) => t.name);
      const callable = symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class);
      if (callable && !tags.includes("example")) problems.push(`${name}: no @example`);
      if (symbol.flags & ts.SymbolFlags.Interface) {
        for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
          // Members inherited from the standard library (next, return, Symbol.asyncIterator) are documented there,
          // and those of a generated model (the mock's MockVm extends one) in the spec it is generated from.
          const documentedHere = (d: ts.Declaration) => {
            const file = d.getSourceFile().fileName;
            return file.startsWith(join(root, "src")) && !file.includes("/generated/");
          };
          if (!member.declarations?.some(documentedHere)) continue;
          const memberName = `${name}.${member.name}`;
          if (!ts.displayPartsToString(member.getDocumentationComment(checker)).trim())
            problems.push(`${memberName}: no summary`);
          const optional = member.flags & ts.SymbolFlags.Optional;
          const isMethod = member.flags & ts.SymbolFlags.Method;
          if (
            optional &&
            !isMethod &&
            !noDefault.has(member.name) &&
            !member.getJsDocTags().some((t) => t.name === "default")
          ) {
            problems.push(`${memberName}: no @default`);
          }
          if (isMethod && !member.getJsDocTags().some((t) => t.name === "example"))
            problems.push(`${memberName}: no @example`);
        }
      }
    }
  }
  return problems;
}

describe("TSDoc", () => {
  it("documents every public symbol, with @example and @default where they apply", () => {
    expect(findings()).toEqual([]);
  });
});
