#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient
import CXQCore
import Logging

/// What the command line asked for, after argument parsing.
public struct LaunchOptions: Sendable, Equatable {
    public var commands: [String] = []
    public var file: String?
    public var keepGoing = false
    public var noRC = false
    public var format: OutputFormat?
    public var profile: String?
    public var verbose = false
    /// `-D NAME=VALUE`, in order.
    public var parameters: [(name: String, value: String)] = []
    /// `--check`: report every syntax error, run nothing.
    public var check = false
    /// `--demo`: the built-in demo data, whatever credentials are configured.
    public var demo = false
    /// `--coprocess`: driven by another program (JSON answers flushed per line, each line's
    /// answers ended by a `ready` object).
    public var coprocess = false
    public init() {}

    public static func == (a: LaunchOptions, b: LaunchOptions) -> Bool {
        a.commands == b.commands && a.file == b.file && a.keepGoing == b.keepGoing && a.noRC == b.noRC
            && a.format == b.format && a.profile == b.profile && a.verbose == b.verbose && a.check == b.check
            && a.demo == b.demo && a.coprocess == b.coprocess && a.parameters.map(\.name) == b.parameters.map(\.name)
            && a.parameters.map(\.value) == b.parameters.map(\.value)
    }
}

/// Wires a session to the process: environment, start-up file, input, exit status.
public enum Launcher {
    /// Runs cxq and returns the exit status: 0 when every command succeeded, else the status
    /// of the first failure (`ErrorCategory.exitStatus`; 2 for an unreadable script).
    public static func run(_ options: LaunchOptions) -> Int32 {
        let env = Environment.process
        let clock = SystemClock()
        // Standard error is shared: fetch worker threads write warnings and progress to it.
        let out = ByteSink(fd: 1), err = ByteSink(fd: 2, shared: true)
        let scripted = !options.commands.isEmpty || options.file != nil
        let interactive = !scripted && !options.check && !options.coprocess && isatty(0) == 1 && isatty(1) == 1
        let warn: @Sendable (String) -> Void = { message in err.writeLine("cxq: warning: \(message)") }
        let demo: DemoMode = options.demo || isOn(env["CXQ_DEMO"]) ? .asked : (interactive ? .withoutCredentials : .never)
        guard let provider = makeProvider(options, demo: demo, env: env, clock: clock, warn: warn, err: err,
                                          interactive: interactive) else {
            err.flush()
            return 2
        }
        defer { provider.shutdown() }
        // Someone may be waiting for each answer when commands arrive through a pipe, a socket or
        // a terminal (a co-process, a `while read` loop): each command's answer is flushed at
        // once, as sqlite3 and the DuckDB CLI do. From a file or -c nobody waits between commands:
        // output goes out in large blocks, at least every quarter of a second (BatchRunner).
        let session = Session(source: provider.source, clock: clock, out: out, err: err,
                              interactive: interactive, environment: env,
                              flushEachCommand: !interactive && (options.coprocess || (!scripted && !Files.isRegularFile(fd: 0))),
                              coprocess: options.coprocess)
        session.provider = provider
        for (name, value) in options.parameters { session.parameters.define(name, value) }
        if provider.isDemo {
            let notice = demo == .asked ? "demo data was asked for: every number is made up by cxq's built-in generator"
                : "no CLOSERX_API_KEY is set, so cxq runs on built-in demo data"
            if interactive { err.write("cxq: \(notice)\n") } else { session.sourceNotice = notice }
        }
        if let f = options.format { session.state.settings.format = f }
        if options.coprocess, options.format == nil { session.state.settings.format = .json }
        Interrupt.install()
        defer {
            out.flush()
            err.flush()
        }

        if !options.noRC && !options.check, let home = Paths.home(env) {
            let rc = home + "/.cxqrc"
            if access(rc, R_OK) == 0, let bytes = try? Files.read(rc) {
                // Errors in the start-up file are reported and counted, but do not stop it; a
                // `quit` there ends the start-up file only.
                _ = BatchRunner.run(reader: FDLineReader(bytes: bytes), session: session, file: rc, keepGoing: true)
                session.quitRequested = false
            }
        }

        if scripted {
            // Every -c first, in order, then the file.
            var inputs = options.commands.map { (FDLineReader(bytes: Array($0.utf8)) as LineReader, "<command>") }
            if let file = options.file {
                do throws(Files.Failure) {
                    inputs.append((FDLineReader(bytes: try Files.read(file)), file))
                } catch {
                    err.write("cxq: \(error.sentence)\n")
                    return 2
                }
            }
            for (reader, name) in inputs where !session.quitRequested {
                let good = BatchRunner.run(reader: reader, session: session, file: name, keepGoing: options.keepGoing || options.coprocess,
                                           check: options.check)
                if !good && !options.keepGoing && !options.coprocess && !options.check { break }
            }
        } else if interactive {
            runInteractive(session, env: env, out: out)
            return 0
        } else {
            _ = BatchRunner.run(reader: FDLineReader(fd: 0), session: session, file: "<stdin>",
                                keepGoing: options.keepGoing || options.coprocess, check: options.check)
        }
        return session.firstFailure ?? 0
    }

    /// `CXQ_DEMO=1` (or `true`, `yes`, `on`).
    static func isOn(_ value: String?) -> Bool {
        guard let v = value?.lowercased() else { return false }
        return ["1", "true", "yes", "on"].contains(v)
    }

    /// The prompt loop at a terminal, with libedit, history and completion.
    static func runInteractive(_ session: Session, env: Environment, out: ByteSink) {
        session.err.write("cxq — CloserX campaign analytics. Type 'help' for commands, Ctrl-D to leave.\n")
        session.err.flush()
        guard LibEditReader.available else {
            // Without libedit (libedit2 not installed) the shell still works, without editing.
            session.err.write("cxq: warning: libedit is not installed, so line editing and history are off (apt-get install libedit2)\n")
            _ = BatchRunner.run(reader: FDLineReader(fd: 0, promptSink: out), session: session, file: "<stdin>", keepGoing: true,
                                prompt: { prompt(session) })
            return
        }
        let stateDirectory = Paths.stateDirectory(env)
        let historyPath = stateDirectory.map { $0 + "/history" }
        if let stateDirectory { makeDirectories(stateDirectory) }
        let reader = LibEditReader(historyPath: historyPath,
                                   historySize: env["CXQ_HISTORY_SIZE"].flatMap { Int($0) } ?? 1000, out: out)
        session.history = historyPath.map(LibEditReader.readHistoryFile) ?? []
        reader.completion = { [unowned session] before in Completer.complete(before, context: session.completionContext()) }
        reader.secrets = { [unowned session] in session.secrets }
        _ = BatchRunner.run(reader: reader, session: session, file: "<stdin>", keepGoing: true,
                            prompt: { prompt(session) })
    }

    /// `cxq acme camp123@2025-08-23> `: the profile or company, then the current day.
    static func prompt(_ session: Session) -> String {
        var p = "cxq"
        if let label = session.provider?.credentials?.label { p += " " + label }
        let ws = session.state.workspace
        if let i = ws.currentIndex { p += " " + ws.entries[i].info.label }
        return p + "> "
    }

    /// The source of days from the environment, the config file and `--profile`; nil (after
    /// saying why) when `--profile` names no usable profile. A broken config file is an error:
    /// said at once at a terminal, and the reason every command that needs the source fails.
    static func makeProvider(_ options: LaunchOptions, demo: DemoMode, env: Environment, clock: SystemClock,
                             warn: @escaping @Sendable (String) -> Void, err: ByteSink,
                             interactive: Bool) -> SourceProvider? {
        let configPath = Paths.configFile(env)
        var config = ConfigFile()
        var configProblem: String?
        if let path = configPath, let loaded = ConfigFile.load(path: path, warn: warn) {
            switch loaded {
            case .success(let c): config = c
            case .failure(let p): configProblem = "\(path)\(p.line > 0 ? ":\(p.line)" : ""): \(p.message); fix the file or move it away"
            }
        }
        var log: (@Sendable (RequestLogEntry) -> Void)?
        if options.verbose {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let logger = Logger(label: "cxq.http")
            log = { entry in logger.info("\(entry.description)") }
        }
        let provider = SourceProvider(connection: Connection(environment: env, config: config, configPath: configPath),
                                      storePath: Paths.storeFile(env), clock: clock,
                                      connectTimeout: env["CXQ_CONNECT_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 5,
                                      demo: demo, configProblem: configProblem, log: log, warn: warn)
        do throws(ClientError) {
            try provider.select(profile: options.profile)
        } catch {
            if options.profile != nil {
                err.write("cxq: \(error.sentence)\n")
                return nil
            }
            // In a script the first command that needs the source fails with this sentence.
            if interactive { err.write("cxq: error: \(error.sentence)\n") }
        }
        if demo == .asked, let configProblem { warn(configProblem) }
        return provider
    }
}
