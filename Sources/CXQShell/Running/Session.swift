import CXQClient
import CXQCore

/// A cxq session: the state, the source of days, and where output goes.
///
/// It reads statements from a line and hands each to `execute` (StatementRunner.swift), which
/// evaluates it, performs its effect through one handler per effect (`Effects/`) and renders
/// the value or the error (Output.swift). Evaluation rules live in the core.
public final class Session {
    public var state = SessionState()
    public let evaluator: Evaluator
    public var source: any DaySource
    public let out: ByteSink
    public let err: ByteSink
    /// True at a terminal: prompts, flushing after each command, colour when allowed.
    public var interactive: Bool
    /// Commands entered at the prompt, oldest first.
    public var history: [String] = []
    /// Set by `quit`/`exit`.
    public internal(set) var quitRequested = false
    /// A notice printed once on standard error before the first fetch (demo data, say).
    public var sourceNotice: String?
    /// Credentials, profiles and the store; nil in tests that use a bare source.
    public var provider: SourceProvider?
    let environment: Environment
    /// `-D NAME=VALUE`: replaced for `${NAME}` in every line before it is read.
    public var parameters = Parameters()
    /// The exit status of the first failure (1 a command, 2 configuration, 3 fetch, 4 refused
    /// credentials); nil while everything succeeded.
    public internal(set) var firstFailure: Int32?
    /// How deep `read` has nested (a file that reads itself stops at 16).
    var readDepth = 0
    /// True while `watch` runs: its output is never paged.
    var pagerSuspended = false
    /// True while `watch` runs: today's days are fetched afresh, not taken from the store.
    var refreshToday = false
    /// Flush standard output and error after every command (someone is waiting for each answer).
    /// Constants of the session, so that the batch hot path checks them without exclusivity checks.
    public let flushEachCommand: Bool
    /// `--coprocess`: answers are JSON with their text and pictures, each line ends with a `ready`
    /// object, and `.complete TEXT` lines ask for completions.
    public let coprocess: Bool
    /// Undefined parameters `--check` has warned about (once each).
    var warnedParameters: Set<String> = []
    /// The workspaces of the sources not in use, by source key (`profile` switches them).
    var parked: [String: SessionState] = [:]

    /// Longest command line accepted.
    public static let maximumLineLength = 1 << 20

    public init(source: any DaySource, clock: any CalendarClock, out: ByteSink, err: ByteSink,
                interactive: Bool = false, environment: Environment = [:], flushEachCommand: Bool = false, coprocess: Bool = false) {
        self.source = source
        self.flushEachCommand = flushEachCommand
        self.coprocess = coprocess
        self.evaluator = Evaluator(clock: clock)
        self.out = out
        self.err = err
        self.interactive = interactive
        self.environment = environment
    }

    /// Runs every statement of one line. Returns true when all succeeded; stops at the first
    /// error unless `keepGoing`.
    public func run(line raw: [UInt8], at location: SourceLocation, keepGoing: Bool = false) -> Bool {
        statements(of: raw, at: location, keepGoing: keepGoing, run: true)
    }

    /// `--check`: parses every statement of one line, reporting every error, running nothing.
    /// Returns true when the line has none.
    public func check(line raw: [UInt8], at location: SourceLocation) -> Bool {
        statements(of: raw, at: location, keepGoing: true, run: false)
    }

    /// Substitutes the line's parameters, then parses its statements one by one, reporting
    /// each error, and (with `run`) executes each.
    @inline(__always)
    private func statements(of raw: [UInt8], at location: SourceLocation, keepGoing: Bool, run: Bool) -> Bool {
        if raw.count > Session.maximumLineLength {
            reportTooLong(raw.count, at: location)
            return false
        }
        let line: [UInt8]
        do throws(QueryError) {
            line = run ? try parameters.substitute(raw) : try placeheld(raw, at: location)
        } catch {
            report(error, command: segment(raw, from: 0), location: location, line: raw)
            commandDone()
            return false
        }
        var parser = Parser(bytes: line)
        var ok = true
        while !run || !quitRequested {
            let start = parser.position
            let statement: Statement
            do {
                guard let s = try parser.nextStatement() else { break }
                statement = s
            } catch {
                report(error, command: segment(line, from: start), location: location, line: line)
                commandDone()
                ok = false
                if !keepGoing { return false }
                parser.skipToNextStatement()
                continue
            }
            if run, !execute(statement, location: location, line: line) {
                ok = false
                if !keepGoing { return false }
            }
        }
        return ok
    }

    /// Parks the workspace of one source and takes up another's (empty the first time); the
    /// settings stay.
    func switchWorkspace(from old: String, to new: String) {
        var leaving = SessionState()
        leaving.workspace = state.workspace
        leaving.sideDays = state.sideDays
        leaving.sideMissing = state.sideMissing
        parked[old] = leaving
        let coming = parked.removeValue(forKey: new) ?? SessionState()
        state.workspace = coming.workspace
        state.sideDays = coming.sideDays
        state.sideMissing = coming.sideMissing
    }

    /// `--check`: the line with each undefined parameter replaced by a placeholder of the kind
    /// the grammar wants there (a word, a date or a number: each tried until the line parses),
    /// and a warning once per undefined name.
    private func placeheld(_ raw: [UInt8], at location: SourceLocation) throws(QueryError) -> [UInt8] {
        var choices: [Int] = []
        var (line, stand) = try parameters.substitute(raw, placeholders: choices)
        for p in stand where warnedParameters.insert(p.name).inserted {
            err.writeLine("\(location.file):\(location.line): warning: ${\(p.name)} is not defined; checked as a placeholder (give it with -D \(p.name)=VALUE)")
        }
        while !stand.isEmpty, let at = Session.firstSyntaxError(in: line),
              let k = stand.lastIndex(where: { $0.range.lower < at }) {
            if choices.count < stand.count { choices += Array(repeating: 0, count: stand.count - choices.count) }
            guard choices[k] + 1 < Parameters.placeholderTexts.count else { break }
            choices[k] += 1
            (line, stand) = try parameters.substitute(raw, placeholders: choices)
        }
        return line
    }

    /// Where the first syntax error of a line ends; nil when every statement parses.
    static func firstSyntaxError(in line: [UInt8]) -> Int? {
        var parser = Parser(bytes: line)
        do {
            while try parser.nextStatement() != nil {}
            return nil
        } catch {
            return error.range.map { max($0.upper, $0.lower + 1) } ?? 0
        }
    }

    /// Reports an over-long input line that the reader skipped.
    public func reportTooLong(_ length: Int, at location: SourceLocation) {
        report(QueryError(.lineTooLong(length, limit: Session.maximumLineLength), SourceRange(0, 0)), command: "", location: location, line: [])
        commandDone()
    }

    /// The text of the statement starting at `from` (up to the next `;`), for error objects.
    func segment(_ line: [UInt8], from: Int) -> String {
        func blank(_ b: UInt8) -> Bool { b == ASCII.space || b == ASCII.tab }
        var lo = from
        while lo < line.count, blank(line[lo]) || line[lo] == ASCII.semicolon { lo += 1 }
        var hi = lo
        while hi < line.count, line[hi] != ASCII.semicolon { hi += 1 }
        while hi > lo, blank(line[hi - 1]) { hi -= 1 }
        return String(decoding: line[lo..<hi], as: UTF8.self)
    }

    /// Secrets in use (the API key), so that no history keeps them.
    public var secrets: [String] {
        var s: [String] = []
        if let k = provider?.credentials?.apiKey.reveal() { s.append(k) }
        if let k = environment["CLOSERX_API_KEY"], !k.isEmpty { s.append(k) }
        return s
    }
}
