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
    public init() {}
}

/// Wires a session to the process: environment, start-up file, input, exit status.
public enum Launcher {
    /// Runs cxq and returns the exit status: 0 when every command succeeded, 1 otherwise.
    public static func run(_ options: LaunchOptions) -> Int32 {
        let env = Environment.process
        let clock = SystemClock()
        // Standard error is shared: fetch worker threads write warnings and progress to it.
        let out = ByteSink(fd: 1), err = ByteSink(fd: 2, shared: true)
        let scripted = !options.commands.isEmpty || options.file != nil
        let interactive = !scripted && isatty(0) == 1 && isatty(1) == 1
        let warn: @Sendable (String) -> Void = { message in err.writeLine("cxq: warning: \(message)") }
        guard let provider = makeProvider(options, env: env, clock: clock, warn: warn, err: err) else {
            err.flush()
            return 2
        }
        defer { provider.shutdown() }
        let session = Session(source: provider.source, clock: clock, out: out, err: err,
                              interactive: interactive, environment: env)
        session.provider = provider
        if provider.isDemo {
            let notice = "no CLOSERX_API_KEY is set, so cxq runs on built-in demo data"
            if interactive { err.write("cxq: \(notice)\n") } else { session.sourceNotice = notice }
        }
        if let f = options.format { session.state.settings.format = f }
        Interrupt.install()
        var ok = true

        if !options.noRC, let home = env["HOME"], !home.isEmpty {
            let rc = home + "/.cxqrc"
            if access(rc, R_OK) == 0, let bytes = try? Files.read(rc) {
                // Errors in the start-up file are reported and counted, but do not stop it.
                ok = BatchRunner.run(reader: FDLineReader(bytes: bytes), session: session, file: rc, keepGoing: true) && ok
            }
        }

        if !options.commands.isEmpty {
            for c in options.commands where !session.quitRequested {
                let good = BatchRunner.run(reader: FDLineReader(bytes: Array(c.utf8)), session: session,
                                                 file: "<command>", keepGoing: options.keepGoing)
                ok = good && ok
                if !good && !options.keepGoing { break }
            }
        } else if let file = options.file {
            do throws(Files.Failure) {
                let bytes = try Files.read(file)
                ok = BatchRunner.run(reader: FDLineReader(bytes: bytes), session: session, file: file,
                                           keepGoing: options.keepGoing) && ok
            } catch {
                err.write("cxq: \(error.sentence)\n")
                ok = false
            }
        } else if interactive {
            err.write("cxq — CloserX campaign analytics. Type 'help' for commands, Ctrl-D to leave.\n")
            err.flush()
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
            out.flush()
            err.flush()
            return 0
        } else {
            ok = BatchRunner.run(reader: FDLineReader(fd: 0), session: session, file: "<stdin>",
                                       keepGoing: options.keepGoing) && ok
        }
        out.flush()
        err.flush()
        return ok ? 0 : 1
    }

    /// `cxq acme camp123@2025-08-23> `: the profile or company, then the current day.
    static func prompt(_ session: Session) -> String {
        var p = "cxq"
        if let label = session.provider?.credentials?.label { p += " " + label }
        let ws = session.state.workspace
        if let i = ws.currentIndex { p += " " + ws.entries[i].day.label }
        return p + "> "
    }

    /// The source of days from the environment, the config file and `--profile`; nil (after
    /// saying why) when `--profile` names no usable profile.
    static func makeProvider(_ options: LaunchOptions, env: Environment, clock: SystemClock,
                             warn: @escaping @Sendable (String) -> Void, err: ByteSink) -> SourceProvider? {
        let configPath = Paths.configFile(env)
        var config = ConfigFile()
        if let path = configPath, let loaded = ConfigFile.load(path: path, warn: warn) {
            switch loaded {
            case .success(let c): config = c
            case .failure(let p): warn("\(path)\(p.line > 0 ? ":\(p.line)" : ""): \(p.message); profiles are not available")
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
                                      log: log, warn: warn)
        do throws(ClientError) {
            try provider.select(profile: options.profile)
        } catch {
            if options.profile != nil {
                err.write("cxq: \(error.sentence)\n")
                return nil
            }
            warn(error.sentence)
        }
        return provider
    }
}
