#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient
import CXQCore

/// A cxq session: the state, the source of days, and where output goes.
///
/// It parses each line, hands statements to the evaluator, performs the effects the evaluator
/// asks for (fetching, files), and renders the values. Evaluation rules live in the core.
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
    public private(set) var quitRequested = false
    /// A notice printed once on standard error before the first fetch (demo data, say).
    public var sourceNotice: String?
    /// Credentials, profiles and the store; nil in tests that use a bare source.
    public var provider: SourceProvider?
    let environment: Environment
    var readDepth = 0

    /// Longest command line accepted.
    public static let maximumLineLength = 1 << 20

    public init(source: any DaySource, clock: any CalendarClock, out: ByteSink, err: ByteSink,
                interactive: Bool = false, environment: Environment = [:]) {
        self.source = source
        self.evaluator = Evaluator(clock: clock)
        self.out = out
        self.err = err
        self.interactive = interactive
        self.environment = environment
    }

    // MARK: Running lines

    /// Runs every statement of one line. Returns true when all succeeded; stops at the first
    /// error unless `keepGoing`.
    public func run(line: [UInt8], at location: SourceLocation, keepGoing: Bool = false) -> Bool {
        if line.count > Session.maximumLineLength {
            report(QueryError(.lineTooLong(line.count, limit: Session.maximumLineLength), nil),
                   command: "", location: location, line: [])
            return false
        }
        var parser = Parser(bytes: line)
        var ok = true
        while !quitRequested {
            let start = parser.position
            let statement: Statement
            do {
                guard let s = try parser.nextStatement() else { break }
                statement = s
            } catch {
                report(error, command: segment(line, from: start), location: location, line: line)
                ok = false
                if !keepGoing { return false }
                parser.skipToNextStatement()
                continue
            }
            if !(execute(statement, location: location, line: line)) {
                ok = false
                if !keepGoing { return false }
            }
        }
        return ok
    }

    /// Reports an over-long input line that the reader skipped.
    public func reportTooLong(_ length: Int, at location: SourceLocation) {
        report(QueryError(.lineTooLong(length, limit: Session.maximumLineLength), nil), command: "", location: location, line: [])
    }

    /// The text of the statement starting at `from` (up to the next `;`), for error objects.
    func segment(_ line: [UInt8], from: Int) -> String {
        var lo = from
        while lo < line.count, line[lo] == 32 || line[lo] == 59 || line[lo] == 9 { lo += 1 }
        var hi = lo
        while hi < line.count, line[hi] != 59 { hi += 1 }
        while hi > lo, line[hi - 1] == 32 || line[hi - 1] == 9 { hi -= 1 }
        return String(decoding: line[lo..<hi], as: UTF8.self)
    }

    /// Evaluates one statement, performs its effect, renders its value.
    func execute(_ statement: Statement, location: SourceLocation, line: [UInt8]) -> Bool {
        let started = state.settings.timing ? SystemClock.monotonic() : 0
        defer {
            if state.settings.timing {
                let ms = (SystemClock.monotonic() - started) * 1000
                err.write("time: \(NumberFormat.fixed(ms, places: 3)) ms\n")
                err.flush()
            }
        }
        do {
            let outcome = try evaluator.evaluate(statement, in: &state)
            switch outcome {
            case .value(let v):
                show(v, command: statement.text)
                return true
            case .effect(let effect):
                let (value, failure) = perform(effect, statement: statement, location: location)
                if let value { show(value, command: statement.text) }
                if var failure {
                    if failure.range == nil { failure.range = statement.range }
                    report(failure, command: statement.text, location: location, line: line)
                    return false
                }
                return true
            }
        } catch {
            var e = error
            if e.range == nil { e.range = statement.range }
            report(e, command: statement.text, location: location, line: line)
            return false
        }
    }

    // MARK: Effects

    /// Performs an effect; returns what to show and, when something failed, the error.
    func perform(_ effect: Effect, statement: Statement, location: SourceLocation) -> (Value?, QueryError?) {
        switch effect {
        case .fetch(let plan):
            let results = fetch(plan)
            let (v, e) = evaluator.absorb(plan, results: results, into: &state)
            return (v, e)
        case .write(let path, let contents, let summary):
            do throws(Files.Failure) {
                try Files.write(path, contents)
                return (.message(summary), nil)
            } catch {
                return (nil, QueryError(.effect(error.sentence), nil))
            }
        case .open(let path):
            do throws(Files.Failure) {
                let bytes = try Files.read(path)
                let contents = DayRecord.decodeFile(bytes, sourceDetail: path, fetchedAt: SystemClock.now())
                let (v, e) = evaluator.absorbFile(path: path, contents: contents, into: &state)
                return (v, e)
            } catch {
                return (nil, QueryError(.effect(error.sentence), nil))
            }
        case .run(let path):
            guard readDepth < 16 else {
                return (nil, QueryError(.effect("read is nested more than 16 deep; does \(path) read itself?"), nil))
            }
            let bytes: [UInt8]
            do throws(Files.Failure) { bytes = try Files.read(path) } catch { return (nil, QueryError(.effect(error.sentence), nil)) }
            readDepth += 1
            defer { readDepth -= 1 }
            let ok = BatchRunner.run(reader: FDLineReader(bytes: bytes), session: self, file: path, keepGoing: false)
            return (nil, ok ? nil : QueryError(.effect("\(path) stopped at an error"), nil))
        case .history:
            let rows: [[Cell]] = history.enumerated().map { [.int(Int64($0.offset + 1)), .text($0.element)] }
            return (.table(Table(columns: ["#", "command"], rows: rows)), nil)
        case .profile(let name):
            return profile(name)
        case .cache(let clear):
            return cache(clear: clear)
        case .watch(let seconds, let inner):
            return watch(seconds: seconds, inner, location: location)
        case .quit:
            quitRequested = true
            return (nil, nil)
        }
    }

    /// Fetches a plan's days, at most `set concurrency` at a time, keeping the dates' order.
    ///
    /// Worker threads start only when a fetch needs them, so start-up and the batch hot path
    /// never pay for them.
    func fetch(_ plan: FetchPlan) -> [FetchResult] {
        if let notice = sourceNotice {
            err.write("cxq: \(notice)\n")
            err.flush()
            sourceNotice = nil
        }
        let source = self.source
        let dates: [CivilDate?] = plan.dates ?? [nil]
        let today = evaluator.clock.today(in: state.settings.tz)
        let progress = Progress(total: dates.count, sink: interactive && err.isTerminal && dates.count > 1 ? err : nil)
        Interrupt.reset()
        let results = Workers.map(dates.count, limit: max(1, state.settings.concurrency)) { i -> FetchResult in
            let request = DayRequest(campaign: plan.campaign, date: dates[i], refresh: plan.refresh, today: today,
                                     isCancelled: { Interrupt.requested })
            let result: FetchResult
            if Interrupt.requested {
                result = .failure(date: dates[i], reason: "cancelled")
            } else {
                do {
                    result = .success(try source.fetch(request))
                } catch {
                    result = .failure(date: dates[i], reason: (error as? UserFacingError)?.sentence ?? "\(error)")
                }
            }
            progress.step(failed: { if case .failure = result { return true }; return false }())
            return result
        }
        progress.finish()
        Interrupt.reset()
        return results
    }

    /// Runs a statement every `seconds` until interrupted, fetching today afresh each time.
    func watch(seconds: Int, _ inner: Statement, location: SourceLocation) -> (Value?, QueryError?) {
        var statement = inner
        if case .load(let c, let d, let n, _) = inner.command { statement.command = .load(campaign: c, dates: d, name: n, refresh: true) }
        Interrupt.reset()
        while !Interrupt.requested {
            if interactive { out.write("\u{1B}[2J\u{1B}[H") }
            guard execute(statement, location: location, line: Array(inner.text.utf8)) else {
                return (nil, QueryError(.effect("watch stopped because '\(inner.text)' failed"), nil))
            }
            out.flush()
            var waited = 0.0
            while waited < Double(seconds), !Interrupt.requested {
                usleep(50_000)
                waited += 0.05
            }
        }
        Interrupt.reset()
        return (.message("watch stopped"), nil)
    }

    /// `profile` lists the profiles; `profile NAME` switches to one, keeping the workspace.
    func profile(_ name: String?) -> (Value?, QueryError?) {
        guard let provider else {
            if let name { return (nil, QueryError(.effect("there is no profile '\(name)'; days come from \(source.description)"), nil)) }
            return (.message("no profiles are configured; days come from \(source.description)"), nil)
        }
        guard let name else {
            let current = provider.credentials?.profile
            var rows: [[Cell]] = provider.connection.config.profiles.map { p in
                let key = p.apiKey != nil ? "in the config file" : (p.apiKeyEnv.map { "$" + $0 } ?? "none")
                return [.text(p.name == current ? "*" : ""), .text(p.name), .text(p.company ?? ""),
                        .text(p.baseURL ?? Credentials.productionBaseURL), .text(key)]
            }
            if let env = provider.connection.environment["CLOSERX_API_KEY"], !env.isEmpty {
                let e = provider.connection.environment
                rows.insert([.text(provider.credentials != nil && current == nil ? "*" : ""), .text("(environment)"),
                             .text(e["CLOSERX_COMPANY"] ?? ""), .text(e["CLOSERX_BASE_URL"] ?? Credentials.productionBaseURL),
                             .text("$CLOSERX_API_KEY")], at: 0)
            }
            let title = "days come from \(source.description)"
            return (.table(Table(columns: ["current", "profile", "company", "base_url", "key"], rows: rows, title: title)), nil)
        }
        do throws(ClientError) {
            try provider.select(profile: name)
            source = provider.source
            sourceNotice = nil
            return (.message("using profile \(name): \(source.description); the workspace is kept"), nil)
        } catch {
            return (nil, QueryError(.effect(error.sentence), nil))
        }
    }

    /// `cache` summarises the local store; `cache clear` empties it.
    func cache(clear: Bool) -> (Value?, QueryError?) {
        guard let provider else { return (.message("there is no local store; days come from \(source.description)"), nil) }
        do {
            guard let store = try provider.openStore() else {
                return (nil, QueryError(.effect("there is no local store (neither XDG_CACHE_HOME nor HOME is set)"), nil))
            }
            if clear {
                let n = try store.clear()
                return (.message("removed \(plural(n, "day")) from the local store \(store.path)"), nil)
            }
            let s = try store.summary()
            let rows: [[Cell]] = [
                [.text("path"), .text(store.path)],
                [.text("days"), .int(Int64(s.days))],
                [.text("campaigns"), .int(Int64(s.campaigns))],
                [.text("size (bytes)"), .int(s.bytes)],
                [.text("oldest day"), s.oldestDate.map(Cell.text) ?? .null],
                [.text("newest day"), s.newestDate.map(Cell.text) ?? .null],
                [.text("first fetched"), s.oldestFetch.map { .text(Timestamp.iso($0)) } ?? .null],
                [.text("last fetched"), s.newestFetch.map { .text(Timestamp.iso($0)) } ?? .null],
            ]
            return (.table(Table(columns: ["store", "value"], rows: rows)), nil)
        } catch {
            return (nil, QueryError(.effect("the local store cannot be used (\(StoredSource.describe(error)))"), nil))
        }
    }

    /// Secrets in use (the API key), so that no history keeps them.
    public var secrets: [String] {
        var s: [String] = []
        if let k = provider?.credentials?.apiKey.reveal() { s.append(k) }
        if let k = environment["CLOSERX_API_KEY"], !k.isEmpty { s.append(k) }
        return s
    }

    /// What TAB completion may offer now.
    public func completionContext() -> CompletionContext {
        var c = CompletionContext()
        let ws = state.workspace
        var campaigns = ws.campaigns
        let store = provider.flatMap { p -> DayStore? in
            guard let path = p.storePath, access(path, F_OK) == 0 else { return nil }
            return try? p.openStore()
        }
        if let stored = try? store?.campaigns() { campaigns += stored.filter { !campaigns.contains($0) } }
        c.campaigns = campaigns
        c.dayNumbers = ws.entries.map(\.number)
        c.names = ws.names.keys.sorted()
        c.profiles = provider?.connection.config.profiles.map(\.name) ?? []
        c.dates = { campaign in
            var dates = ws.entries.filter { $0.day.campaign == campaign }.map { $0.day.date.description }
            if let more = try? store?.dates(campaign: campaign) { dates += more.filter { !dates.contains($0) } }
            return dates.sorted()
        }
        return c
    }

    // MARK: Output

    var renderOptions: RenderOptions {
        let s = state.settings
        let color: Bool
        switch s.color {
        case .on: color = true
        case .off: color = false
        case .auto: color = out.isTerminal && environment["NO_COLOR", default: ""].isEmpty
        }
        return RenderOptions(format: s.format, precision: s.precision, color: color,
                             width: out.isTerminal ? Terminal.width() : nil)
    }

    func show(_ value: Value, command: String) {
        if case .none = value { return }
        var bytes: [UInt8] = []
        Renderer.render(value, command: command, options: renderOptions, into: &bytes)
        out.write(bytes)
        if interactive { out.flush() }
    }

    /// Reports an error on standard error (and as a JSON object on standard output when the
    /// format is json).
    func report(_ error: QueryError, command: String, location: SourceLocation, line: [UInt8]) {
        if out.isTerminal || interactive { out.flush() }
        let color = state.settings.color == .on ||
            (state.settings.color == .auto && err.isTerminal && environment["NO_COLOR", default: ""].isEmpty)
        let loc: SourceLocation? = interactive && location.file == "<stdin>" ? nil : location
        err.write(Diagnostic.render(message: error.message, location: loc, range: error.range, line: line, color: color))
        err.flush()
        if state.settings.format == .json {
            var bytes: [UInt8] = []
            Renderer.jsonError(message: error.message, command: command, line: location.line,
                               column: error.range.map { Diagnostic.column(of: $0.lower, in: line) }, into: &bytes)
            out.write(bytes)
            if interactive { out.flush() }
        }
    }
}
