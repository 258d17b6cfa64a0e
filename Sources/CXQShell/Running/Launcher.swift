#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// What the command line asked for, after argument parsing.
public struct LaunchOptions: Sendable, Equatable {
    public var commands: [String] = []
    public var file: String?
    public var keepGoing = false
    public var noRC = false
    public var format: OutputFormat?
    public init() {}
}

/// Wires a session to the process: environment, start-up file, input, exit status.
public enum Launcher {
    /// Runs cxq and returns the exit status: 0 when every command succeeded, 1 otherwise.
    public static func run(_ options: LaunchOptions) -> Int32 {
        let env = environment()
        let clock = SystemClock()
        let out = ByteSink(fd: 1), err = ByteSink(fd: 2)
        let scripted = !options.commands.isEmpty || options.file != nil
        let interactive = !scripted && isatty(0) == 1 && isatty(1) == 1
        let session = Session(source: DemoSource(clock: clock), clock: clock, out: out, err: err,
                              interactive: interactive, environment: env)
        let notice = env["CLOSERX_API_KEY", default: ""].isEmpty
            ? "no CLOSERX_API_KEY is set, so cxq runs on built-in demo data"
            : "this build has no CloserX client yet, so cxq runs on built-in demo data"
        if interactive {
            err.write("cxq: \(notice)\n")
        } else {
            session.sourceNotice = notice
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
            let reader = FDLineReader(fd: 0, promptSink: out)
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

    /// `cxq camp123@2025-08-23> `, or `cxq> ` with no current day.
    static func prompt(_ session: Session) -> String {
        let ws = session.state.workspace
        guard let i = ws.currentIndex else { return "cxq> " }
        return "cxq \(ws.entries[i].day.label)> "
    }

    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        for key in ["HOME", "NO_COLOR", "CLOSERX_API_KEY", "TERM"] {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        return env
    }
}
