// The `vbazure` command line: its commands and options (commander), and `run`, which parses the arguments, runs
// the command and turns the outcome into an exit code. Heavier parts (Ajv for verify, Prism for mock, Inquirer
// for questions) are imported by the commands that need them, so `--help` and the others start fast.
import { Argument, Command, CommanderError, Help, Option } from "commander";
import { version } from "../core/version.js";
import { apiVersionChoices, requireV6OrLater } from "./apiVersionChoice.js";
import type { CompletionShell } from "./completion.js";
import { connect, type GlobalOptions, givenApiVersion, type Source } from "./connect.js";
import { printError } from "./errorOutput.js";
import {
  completionExitCodesHelp,
  exitCodeOf,
  exitCodes,
  exitCodesHelp,
  mockExitCodesHelp,
} from "./exitCodes.js";
import type { Io } from "./io.js";
import type { ParsedMockOptions } from "./mockCommand.js";
import type { OutputFormat } from "./output.js";
import { seconds, wholeNumber } from "./parsers.js";
import type { ProfiledOptions } from "./profileOptions.js";
import type { ProfilesFormat } from "./profiles.js";
import type { PruneFormat } from "./prune.js";
import type { SessionFormat, WaitOptions } from "./sessions.js";
import { UsageError } from "./usageError.js";

const environmentHelp = `Environment:
  VBAZURE_URL, VBAZURE_TOKEN, VBAZURE_USERNAME, VBAZURE_CA_FILE, VBAZURE_API_VERSION, VBAZURE_PROFILE
                     used when the option is not given (and win over the profile's values)
  VBAZURE_PASSWORD   the password for --username (never a flag); asked for on a terminal when unset
  VBAZURE_PASSWORD_<PROFILE>
                     a profile's own password (the name upper-cased, other characters as _), ahead of
                     VBAZURE_PASSWORD
  VBAZURE_CONFIG     the config file of the profiles (default: $XDG_CONFIG_HOME/vbazure/config.json,
                     ~/.config/vbazure/config.json)
  VBAZURE_MFA_CODE   the multi-factor code of a --username with MFA (never a flag); asked for on a terminal
                     when unset`;

// What ends each command's --help: the client's environment and exit codes, except for the commands that talk
// to no appliance (the mock serves one; completion prints a script), which show their own exit codes alone.
const helpFooters: Record<string, string> = { mock: mockExitCodesHelp, completion: completionExitCodesHelp };
const helpFooter = (command: Command) =>
  `\n${helpFooters[command.name()] ?? `${environmentHelp}\n\n${exitCodesHelp}`}\n`;

const outputOption = (formats: string[]) =>
  new Option("--output <format>", "output format").choices(formats).default(formats[0]);

const waitOptions = (command: Command) =>
  command
    .addOption(
      new Option("--interval <seconds>", "time between polls").default(2_000, "2").argParser(seconds),
    )
    .addOption(
      new Option("--wait-timeout <seconds>", "give up waiting after this long")
        .default(3_600_000, "3600")
        .argParser(seconds),
    );

// Appliances of --all-profiles in flight at once: a fleet is a handful, and each list pages on its own.
const fleetConcurrency = 4;

const waitLimits = (options: { interval: number; waitTimeout: number }): WaitOptions => ({
  intervalMs: options.interval,
  timeoutMs: options.waitTimeout,
});

/**
 * Runs `vbazure` with `argv` (the arguments after the program name). Resolves with the exit code; errors are
 * printed, never thrown.
 *
 * @example
 * ```ts
 * const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
 * process.exitCode = await run(process.argv.slice(2), io, controller.signal);
 * ```
 */
export async function run(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  let code: number = exitCodes.ok;
  const program = new Command("vbazure")
    .description("Work with Veeam Backup for Microsoft Azure from a shell: VM snapshots and job sessions.")
    .version(version, "--version", "print the version")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`vbazure: ${text.replace(/^error: /, "")}`),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("afterAll", ({ command }) => helpFooter(command))
    .addOption(
      new Option("--url <url>", "the appliance's address, such as https://vbazure.example.org").env(
        "VBAZURE_URL",
      ),
    )
    .addOption(
      new Option(
        "--token <token>",
        "an access token (prefer VBAZURE_TOKEN: flags show in the process list)",
      ).env("VBAZURE_TOKEN"),
    )
    .addOption(
      new Option("--username <name>", "log in as this user instead (password: see VBAZURE_PASSWORD)").env(
        "VBAZURE_USERNAME",
      ),
    )
    .addOption(
      new Option(
        "--ca-file <path>",
        "trust this certificate (PEM), such as the appliance's self-signed one; verification stays on",
      ).env("VBAZURE_CA_FILE"),
    )
    .addOption(
      new Option("--timeout <seconds>", "time limit of each request")
        .default(30_000, "30")
        .argParser(seconds),
    )
    .addOption(
      new Option(
        "--api-version <version>",
        "the API version to speak; auto detects the newest the appliance serves, once per run",
      )
        .choices(apiVersionChoices)
        .default("auto")
        .env("VBAZURE_API_VERSION"),
    )
    .addOption(
      new Option(
        "--profile <name>",
        "use this profile of the config file (vbazure profiles list); its flags and variables win over it",
      ).env("VBAZURE_PROFILE"),
    )
    .option("--verbose", "log each request (secrets redacted) to stderr, and show error stacks");

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
  const source = (name: string) => program.getOptionValueSource(name) as Source;
  // The options with the profile laid under them, read once a run (./profileOptions.ts, loaded when needed).
  let profiledOnce: Promise<ProfiledOptions> | undefined;
  const profiled = (command: Command) => {
    profiledOnce ??= import("./profileOptions.js").then(({ applyProfile }) =>
      applyProfile(globals(command), source, io),
    );
    return profiledOnce;
  };
  // The client of the run; `needsV6` names the options given that v1 lacks: refused before any request when v1 is
  // given, and once detection has found v1.
  const connectFor =
    (command: Command, needsV6: string[] = []) =>
    async () => {
      const { options, source } = await profiled(command);
      const given = givenApiVersion(options, source);
      if (given) requireV6OrLater(given, needsV6);
      const connected = await connect(options, source, io, signal);
      requireV6OrLater(connected, needsV6);
      return connected;
    };
  const client = (command: Command) => connectFor(command)();
  const verbose = () => program.opts<GlobalOptions>().verbose === true;
  const pageSizeOption = (what: string) =>
    new Option("--page-size <n>", `${what} (default: the version's, 100; 30 on v1)`).argParser(
      wholeNumber(1),
    );

  const snapshots = program
    .command("snapshots")
    .description("list the VM snapshots, or delete a VM's snapshots");
  snapshots
    .command("list")
    .description(
      "list the protected VMs and their snapshots (the first page, or --all); from v6 on a VM once per restore point",
    )
    .addOption(pageSizeOption("snapshots per request"))
    .option("--all", "follow every page (progress on stderr when it is a terminal)")
    .option("--vm-id <vmId>", "only this VM's snapshots (API v6 and later)")
    .option("--restore-point-id <uuid>", "only this restore point's snapshots (API v6 and later)")
    .option(
      "--all-profiles",
      "every profile's appliance at once (4 at a time), a PROFILE column first; exit 1 if any failed",
    )
    .addOption(outputOption(["table", "json", "ndjson", "csv"]))
    .addHelpText(
      "after",
      "\nExamples:\n  vbazure snapshots list --all --output ndjson | jq -r .vmId\n  vbazure snapshots list --vm-id bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy\n  vbazure snapshots list --all --all-profiles",
    )
    .action(
      async (
        options: {
          pageSize?: number;
          all?: boolean;
          output: OutputFormat;
          vmId?: string;
          restorePointId?: string;
          allProfiles?: boolean;
        },
        command: Command,
      ) => {
        const { listSnapshots, filterOptions } = await import("./snapshotsList.js");
        const list = {
          pageSize: options.pageSize,
          all: options.all === true,
          output: options.output,
          vmId: options.vmId,
          restorePointId: options.restorePointId,
        };
        if (options.allProfiles) {
          const [{ fleet }, { listFleetSnapshots }] = await Promise.all([
            import("./fleet.js"),
            import("./fleetList.js"),
          ]);
          const members = await fleet(globals(command), source, io, signal);
          code = await listFleetSnapshots(members, fleetConcurrency, list, io, signal, {
            verbose: verbose(),
          });
          return;
        }
        await listSnapshots(connectFor(command, filterOptions(list)), list, io, signal);
      },
    );
  waitOptions(
    snapshots
      .command("delete")
      .description(
        "delete the snapshots of the VMs given by vmId (asks first, unless --yes); one batch request from v6 on",
      )
      .argument("<vmId...>", "the vmId of each VM, as `snapshots list` shows it")
      .option("--yes", "do not ask for confirmation (needed when stdin is not a terminal)")
      .option("--manual-only", "only the snapshots created manually, not a policy's (API v6 and later)")
      .option("--wait", "follow each job session to its end and report its status and duration")
      .addOption(outputOption(["table", "json", "ndjson", "csv"])),
  )
    .addHelpText(
      "after",
      "\nExample:\n  vbazure snapshots delete bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy --wait",
    )
    .action(
      async (
        vmIds: string[],
        options: {
          yes?: boolean;
          manualOnly?: boolean;
          wait?: boolean;
          output: OutputFormat;
          interval: number;
          waitTimeout: number;
        },
        command: Command,
      ) => {
        const { deleteSnapshots } = await import("./snapshotsDelete.js");
        code = await deleteSnapshots(
          connectFor(command, options.manualOnly ? ["--manual-only"] : []),
          vmIds,
          {
            yes: options.yes === true,
            manualOnly: options.manualOnly === true,
            wait: options.wait ? waitLimits(options) : undefined,
            output: options.output,
            verbose: verbose(),
          },
          io,
          signal,
        );
      },
    );

  waitOptions(
    snapshots
      .command("prune")
      .description(
        "delete the snapshots of every VM matching the filters (ANDed, case-insensitive): the plan first, then batches from v6 on, then the sessions' ends",
      )
      .option("--resource-group <name>", "only VMs in this resource group")
      .option("--region <region>", "only VMs in this region (its id, such as northeurope, or its name)")
      .option("--subscription <subscription>", "only VMs in this subscription (its id or name)")
      .option("--name <glob>", "only VMs whose name matches this glob (* any characters, ? one)")
      .option(
        "--vm-id <vmId>",
        "only this VM (repeat it for more); the listing's own filter from v6 on",
        (vmId: string, vmIds: string[] = []) => [...vmIds, vmId],
      )
      .option("--manual-only", "only the snapshots created manually, not a policy's (API v6 and later)")
      .option("--all", "prune every VM when no filter is given (without a filter and --all it refuses)")
      .option("--dry-run", "print the plan and stop: nothing is sent but reads")
      .option(
        "--all-profiles",
        "with --dry-run: the plan on every profile's appliance (4 at a time), a PROFILE column first",
      )
      .option("--yes", "do not ask for confirmation (needed when stdin is not a terminal)")
      .addOption(
        new Option("--batch-size <n>", "VMs per batch request (API v6 and later)")
          .default(100)
          .argParser(wholeNumber(1)),
      )
      .addOption(
        new Option("--concurrency <n>", "requests in flight at most")
          .default(4)
          .argParser(wholeNumber(1, 64)),
      )
      .option("--no-wait", "report the sessions as started instead of waiting for their ends")
      .addOption(outputOption(["table", "json", "ndjson", "csv"])),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  vbazure snapshots prune --resource-group test-rg --region northeurope --name 'test-*' --dry-run\n  vbazure snapshots prune --vm-id ID --vm-id ID2 --manual-only --yes --output json",
    )
    .action(
      async (
        options: {
          resourceGroup?: string;
          region?: string;
          subscription?: string;
          name?: string;
          vmId?: string[];
          manualOnly?: boolean;
          all?: boolean;
          dryRun?: boolean;
          allProfiles?: boolean;
          yes?: boolean;
          batchSize: number;
          concurrency: number;
          wait: boolean;
          output: PruneFormat;
          interval: number;
          waitTimeout: number;
        },
        command: Command,
      ) => {
        // The same filters for one appliance's prune and for a fleet's plan.
        const filter = {
          resourceGroup: options.resourceGroup,
          region: options.region,
          subscription: options.subscription,
          name: options.name,
          vmIds: options.vmId,
        };
        if (options.allProfiles) {
          if (!options.dryRun)
            throw new UsageError(
              "--all-profiles plans only (with --dry-run): a prune deletes on one appliance at a time; use --profile",
            );
          const [{ fleet }, { planFleetPrune }] = await Promise.all([
            import("./fleet.js"),
            import("./fleetPrune.js"),
          ]);
          const members = await fleet(globals(command), source, io, signal);
          const plan = {
            filter,
            all: options.all === true,
            manualOnly: options.manualOnly === true,
            output: options.output,
          };
          code = await planFleetPrune(members, fleetConcurrency, plan, io, signal, { verbose: verbose() });
          return;
        }
        const { prune } = await import("./prune.js");
        code = await prune(
          connectFor(command, options.manualOnly ? ["--manual-only"] : []),
          {
            filter,
            all: options.all === true,
            manualOnly: options.manualOnly === true,
            dryRun: options.dryRun === true,
            yes: options.yes === true,
            batchSize: options.batchSize,
            concurrency: options.concurrency,
            wait: options.wait ? waitLimits(options) : undefined,
            output: options.output,
          },
          io,
          signal,
        );
      },
    );

  const sessions = program.command("sessions").description("read job sessions, or wait for one to end");
  sessions
    .command("get")
    .description("print a job session")
    .argument("<id>", "the session's id")
    .addOption(outputOption(["table", "json", "csv"]))
    .action(async (id: string, options: { output: SessionFormat }, command: Command) => {
      const { getSession } = await import("./sessions.js");
      await getSession(connectFor(command), id, options.output, io, signal);
    });
  waitOptions(
    sessions
      .command("wait")
      .description("wait for a job session to end, then print it (exit 1 if it failed)")
      .argument("<id>", "the session's id")
      .addOption(outputOption(["table", "json"])),
  ).action(
    async (
      id: string,
      options: { output: SessionFormat; interval: number; waitTimeout: number },
      command: Command,
    ) => {
      const { waitSession } = await import("./sessions.js");
      await waitSession(connectFor(command), id, options.output, waitLimits(options), io, signal);
    },
  );

  program
    .command("about")
    .description("print the API version in use (detected or given) and the appliance's product version")
    .addOption(outputOption(["table", "json", "csv"]))
    .action(async (options: { output: "table" | "json" | "csv" }, command: Command) => {
      const { about } = await import("./about.js");
      const connected = await client(command);
      await about(connected, (await profiled(command)).options.url ?? "", options.output, io, signal);
    });

  program
    .command("mock")
    .description(
      "serve a mock appliance on 127.0.0.1 until Ctrl-C: the stateful one (an inventory that pages, deletions whose job sessions finish, control routes under /_mock/), or with --examples Prism serving the specs' examples",
    )
    // The global options are the client's (--url, --token, ...), which a mock has no use for; --verbose applies.
    .configureHelp({
      showGlobalOptions: true,
      visibleGlobalOptions(this: Help, command: Command) {
        return Help.prototype.visibleGlobalOptions.call(this, command).filter((o) => o.long === "--verbose");
      },
    })
    .addOption(
      new Option(
        "--product <version>",
        "the product release to play, which decides the API versions served (default: every version)",
      ).choices(["8.1", "8.0", "7.0", "1.0"]),
    )
    .addOption(
      new Option("--snapshots <n>", "VMs in the inventory: the seed example's VM, then generated ones")
        .default(250)
        .argParser(wholeNumber(0)),
    )
    .addOption(
      new Option("--seed <n>", "seed of the generated VMs (the same seed, the same VMs)")
        .default(1)
        .argParser(wholeNumber(0)),
    )
    .addOption(
      new Option("--latency <ms>", "delay before each answer, in milliseconds")
        .default(0)
        .argParser(wholeNumber(0)),
    )
    .addOption(
      new Option("--job-duration <seconds>", "how long a deletion's job session runs before it ends")
        .default(2_000, "2")
        .argParser(seconds),
    )
    .addOption(
      new Option("--port <n>", "port to listen on (0: any free port)")
        .default(4010)
        .argParser(wholeNumber(0, 65_535)),
    )
    .option("--examples", "serve the specs' examples with Prism instead: static, a deletion removes nothing")
    .option(
      "--spec <file>",
      "with --examples: serve this bundled spec (YAML) instead of the package's; repeat it for each API version",
      (file: string, files: string[] = []) => [...files, file],
    )
    .addHelpText(
      "after",
      `
Examples:
  vbazure mock --snapshots 5000 --latency 50
  vbazure mock --product 1.0
  vbazure mock --examples

The stateful mock's control routes (reset, faults, clock, snapshots, sessions) are under
http://127.0.0.1:<port>/_mock/; the README lists them.`,
    )
    .action(async (options: ParsedMockOptions, command: Command) => {
      const { mockOptions, runMock } = await import("./mockCommand.js");
      const given = (name: string) => command.getOptionValueSource(name) === "cli";
      code = await runMock(mockOptions(options, given, verbose()), io, signal);
    });

  program
    .command("verify")
    .description(
      "check a live appliance against the spec (read-only: lists a few pages, reads a session; never deletes)",
    )
    .addOption(
      new Option("--pages <n>", "pages of the snapshot list to check at most")
        .default(3)
        .argParser(wholeNumber(1)),
    )
    .addOption(pageSizeOption("snapshots per page"))
    .option("--session-id <id>", "also read this job session (such as one `snapshots delete` printed)")
    .option(
      "--spec <file>",
      "check against this bundled spec (JSON) instead of the package's spec of the version in use (v1's, or v8.1's for v6 to v8.1)",
    )
    .addOption(outputOption(["text", "json"]))
    .addHelpText(
      "after",
      "\nFrom v6 on it reads system/about too. Every deviation is printed with its JSON path; the exit code is 4\nwhen there is any.",
    )
    .action(
      async (
        options: {
          pages: number;
          pageSize?: number;
          sessionId?: string;
          spec?: string;
          output: "text" | "json";
        },
        command: Command,
      ) => {
        const { verify } = await import("./verify.js");
        code = await verify(
          connectFor(command),
          {
            pages: options.pages,
            pageSize: options.pageSize,
            sessionId: options.sessionId,
            spec: options.spec,
            output: options.output,
          },
          io,
          signal,
        );
      },
    );

  program
    .command("completion")
    .description("print the completion script of a shell: its commands, options and their choices")
    // It talks to no appliance: the client's global options are not its own.
    .configureHelp({ showGlobalOptions: false })
    .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      "\nExamples:\n  source <(vbazure completion bash)          # in ~/.bashrc\n  source <(vbazure completion zsh)           # in ~/.zshrc, after compinit\n  vbazure completion fish > ~/.config/fish/completions/vbazure.fish",
    )
    .action(async (shell: CompletionShell) => {
      const [{ completionScript }, { profileNames }] = await Promise.all([
        import("./completion.js"),
        import("./profileNames.js"),
      ]);
      io.stdout.write(completionScript(shell, program, profileNames(io)));
    });

  const profiles = program
    .command("profiles")
    .description("the named appliances of the config file (no secrets): add, list, show, remove, use");
  profiles
    .command("add")
    .description(
      "save a profile from --url and, if given, --username, --ca-file and --api-version (flags only; never a token or password); the first one becomes the default",
    )
    .argument("<name>", "the profile's name: letters, digits, '.', '_' and '-'")
    .option("--replace", "replace a profile of that name")
    .addHelpText(
      "after",
      "\nExample:\n  vbazure profiles add prod --url https://vbazure.corp.example --username backupadmin --ca-file prod.pem",
    )
    .action(async (name: string, options: { replace?: boolean }, command: Command) => {
      const { addProfile } = await import("./profiles.js");
      const all = globals(command);
      const flag = <T>(key: string, value: T) => (source(key) === "cli" ? value : undefined);
      addProfile(
        name,
        {
          url: flag("url", all.url),
          username: flag("username", all.username),
          caFile: flag("caFile", all.caFile),
          apiVersion: flag("apiVersion", all.apiVersion),
          token: source("token") === "cli",
        },
        options.replace === true,
        io,
      );
    });
  profiles
    .command("list")
    .description("list the profiles, the default one marked")
    .addOption(outputOption(["table", "json"]))
    .action(async (options: { output: ProfilesFormat }) => {
      const { listProfiles } = await import("./profiles.js");
      listProfiles(options.output, io);
    });
  profiles
    .command("show")
    .description("print a profile")
    .argument("<name>", "the profile's name")
    .addOption(outputOption(["table", "json"]))
    .action(async (name: string, options: { output: ProfilesFormat }) => {
      const { showProfile } = await import("./profiles.js");
      showProfile(name, options.output, io);
    });
  profiles
    .command("remove")
    .description("delete a profile")
    .argument("<name>", "the profile's name")
    .action(async (name: string) => {
      const { removeProfile } = await import("./profiles.js");
      removeProfile(name, io);
    });
  profiles
    .command("use")
    .description("make a profile the default: used when neither --profile nor --url is given")
    .argument("<name>", "the profile's name")
    .action(async (name: string) => {
      const { useProfile } = await import("./profiles.js");
      useProfile(name, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    // commander has printed its own errors (and the help).
    if (!(error instanceof CommanderError))
      printError(io, signal.aborted ? signal.reason : error, { verbose: verbose() });
    return exitCodeOf(signal.aborted ? signal.reason : error);
  }
}
