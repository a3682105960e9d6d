// `node --import ./test/helpers/recordImports.mjs ...`: appends a line "<importer URL> <module URL>" for every
// module the process resolves to the file named by RECORD_IMPORTS, so a test can see what an entry really loads.
import { register } from "node:module";

register("./recordImportsHooks.mjs", import.meta.url, { data: { file: process.env.RECORD_IMPORTS } });
