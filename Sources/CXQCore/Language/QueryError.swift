/// What kind of failure an error is: it decides the exit status and appears in JSON error objects.
public enum ErrorCategory: String, Sendable, Equatable, CaseIterable {
    /// Anything the parser finds: unknown words, malformed dates, bad setting values.
    case syntax
    /// The data does not allow the command: a day not in the workspace, an empty selection, overflow.
    case query
    /// A file could not be read or written, or held bad lines.
    case file
    /// Days could not be fetched: network, server status, an answer that failed validation.
    case fetch
    /// The server refused the credentials (401/403).
    case auth
    /// The configuration or the credentials are wrong before anything could be asked.
    case config

    /// The process's exit status for a failure of this kind: 1 a command failed, 2 the
    /// configuration or credentials are wrong, 3 a fetch failed, 4 the credentials were refused.
    public var exitStatus: Int32 {
        switch self {
        case .syntax, .query, .file: return 1
        case .config: return 2
        case .fetch: return 3
        case .auth: return 4
        }
    }
}

/// One day a fetch could not bring, with why.
public struct FailedDay: Sendable, Equatable {
    public var campaign: String
    /// Nil when the source's latest day was asked for.
    public var date: CivilDate?
    public var reason: String
    public var category: ErrorCategory

    public init(campaign: String, date: CivilDate?, reason: String, category: ErrorCategory) {
        self.campaign = campaign
        self.date = date
        self.reason = reason
        self.category = category
    }

    /// `camp@2025-08-23`, or `camp@latest`.
    public var label: String { "\(campaign)@\(date?.description ?? "latest")" }
}

/// Something wrong with a command, found while parsing or evaluating it, or reported by an effect.
///
/// Kept as data with the source range; the shell turns it into
/// `FILE:LINE:COLUMN: error: MESSAGE` with a caret.
public struct QueryError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case unknownCommand(String, suggestion: String?)
        case unknownMetric(String, suggestion: String?)
        /// A word where other words were expected (`expected` lists them).
        case unexpectedWord(String, expected: [String], suggestion: String?)
        case expected(String, found: String)
        case invalidCharacter(String)
        case unterminatedString
        /// `${NAME}` with no `-D NAME=…` and no default.
        case undefinedParameter(String)
        case hourOutOfRange(Int)
        case notAnHour(String)
        case reversedHours(Int, Int)
        case malformedDate(String)
        case impossibleDate(String)
        case reversedDates(String, String)
        case rangeTooLong(from: String, to: String, days: Int)
        case invalidCampaign(String)
        case invalidNumber(String, what: String)
        case dayNotLoaded(String)
        case unknownDayNumber(Int)
        case unknownName(String)
        case emptyWorkspace
        case noCurrentDay
        case emptySelection(String)
        case overflow(String)
        case lineTooLong(Int, limit: Int)
        case invalidSetting(String)
        /// A metric the command cannot take (compare against the previous period).
        case metricNotAllowed(Metric, command: String, allowed: [Metric])
        /// A word used where the language does not allow it; the sentence says why and what to do.
        case misuse(String)
        /// `order by` a column the query does not have.
        case unknownColumn(String, columns: [String], suggestion: String?)
        /// A set of several days where one day is needed.
        case notOneDay(String, count: Int)
        /// Days a command needs that are not in the workspace while autoload is off.
        case daysNotLoaded([String], load: String)
        /// A problem with the data only evaluation can see (a missing offset day, no baseline).
        case data(String)
        /// A failure reported by an effect (a file, a profile, the store), already one sentence.
        case effect(String, ErrorCategory)
        /// Days a fetch could not bring; `arrived` is how many did (they are kept).
        case fetchFailed([FailedDay], arrived: Int)
    }

    public var kind: Kind
    /// Where in the line the problem is; nil when it concerns the whole statement.
    public var range: SourceRange?
    /// What the command produced before it failed (the days of a load that did arrive), shown
    /// before the error.
    public var partial: Value?

    public init(_ kind: Kind, _ range: SourceRange?, partial: Value? = nil) {
        self.kind = kind
        self.range = range
        self.partial = partial
    }

    /// The kind of failure, by the error's kind (never by its text).
    public var category: ErrorCategory {
        switch kind {
        case .unknownCommand, .unknownMetric, .unexpectedWord, .expected, .invalidCharacter, .unterminatedString, .undefinedParameter,
             .hourOutOfRange, .notAnHour, .reversedHours, .malformedDate, .impossibleDate, .reversedDates,
             .rangeTooLong, .invalidCampaign, .invalidNumber, .lineTooLong, .invalidSetting, .metricNotAllowed,
             .misuse, .unknownColumn:
            return .syntax
        case .dayNotLoaded, .unknownDayNumber, .unknownName, .emptyWorkspace, .noCurrentDay, .emptySelection, .overflow,
             .notOneDay, .daysNotLoaded, .data:
            return .query
        case .effect(_, let c):
            return c
        case .fetchFailed(let days, _):
            // Refused credentials and a broken configuration say more than a network failure.
            if days.contains(where: { $0.category == .auth }) { return .auth }
            if days.contains(where: { $0.category == .config }) { return .config }
            return .fetch
        }
    }

    /// The days a failed fetch could not bring (empty for other errors).
    public var failedDays: [FailedDay] {
        if case .fetchFailed(let days, _) = kind { return days }
        return []
    }

    /// One clear sentence.
    public var message: String {
        func dym(_ s: String?) -> String { s.map { " (did you mean '\($0)'?)" } ?? "" }
        switch kind {
        case .unknownCommand(let w, let s):
            return "unknown command '\(w)'\(dym(s)); type 'help' for the list"
        case .unknownMetric(let w, let s):
            return "unknown metric '\(w)'\(dym(s)); metrics are \(Metric.names.joined(separator: ", "))"
        case .unexpectedWord(let w, let expected, let s):
            let list = expected.map { $0.contains(" ") ? $0 : "'\($0)'" }
            let wanted = list.count <= 1 ? (list.first ?? "nothing") :
                list.dropLast().joined(separator: ", ") + " or " + list.last!
            return "unexpected '\(w)'\(dym(s)); expected \(wanted)"
        case .expected(let what, let found):
            return "expected \(what), found \(found)"
        case .invalidCharacter(let c):
            return "unexpected character '\(c)'"
        case .unterminatedString:
            return "a quoted string has no closing quote"
        case .undefinedParameter(let name):
            return "the parameter '\(name)' is not defined; pass -D \(name)=VALUE or write ${\(name):-DEFAULT}"
        case .hourOutOfRange(let h):
            return "hour \(h) is outside 0-23"
        case .notAnHour(let w):
            return "'\(w)' is not an hour; hours are 0-23, as in 9, 9..17 or 8,12..14"
        case .reversedHours(let a, let b):
            return "hour range \(a)..\(b) is reversed; write \(b)..\(a)"
        case .malformedDate(let w):
            return "'\(w)' is not a date; write YYYY-MM-DD, today, yesterday or -N"
        case .impossibleDate(let w):
            return "\(w) is not a real date"
        case .reversedDates(let a, let b):
            return "date range \(a)..\(b) is reversed; write \(b)..\(a)"
        case .rangeTooLong(let a, let b, let n):
            return "date range \(a)..\(b) spans \(Evaluator.grouped(n)) days; a range may span at most \(Evaluator.grouped(Evaluator.maximumRangeDays)) days (100 years)"
        case .invalidCampaign(let w):
            return "'\(w)' is not a campaign id; ids are \(CampaignID.rule)"
        case .invalidNumber(let w, let what):
            return "'\(w)' is not \(what)"
        case .dayNotLoaded(let d):
            return "\(d) is not in the workspace; load it first"
        case .unknownDayNumber(let n):
            return "there is no day #\(n) in the workspace; 'days' lists them"
        case .unknownName(let n):
            return "no day is named $\(n); name one with 'load … as \(n)'"
        case .emptyWorkspace:
            return "the workspace is empty; load a day first, e.g. 'load camp123 today'"
        case .noCurrentDay:
            return "there is no current day; 'use' one or load one"
        case .emptySelection(let what):
            return "\(what) selects no days"
        case .overflow(let what):
            return "\(what) does not fit in a 64-bit integer"
        case .lineTooLong(let n, let limit):
            return "the line is \(n) bytes long; the limit is \(limit)"
        case .metricNotAllowed(let m, let command, let allowed):
            let names = allowed.map(\.rawValue)
            let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
            return "\(command) takes \(list), not \(m.rawValue)"
        case .invalidSetting(let s), .misuse(let s), .data(let s):
            return s
        case .unknownColumn(let w, let columns, let s):
            return "the query has no column '\(w)'\(dym(s)); its columns are " + columns.map { "'\($0)'" }.joined(separator: ", ")
        case .notOneDay(let what, let count):
            return "\(what) names \(count) days; one day is needed here"
        case .daysNotLoaded(let days, let load):
            let shown = days.prefix(3).joined(separator: ", ") + (days.count > 3 ? " and \(days.count - 3) more" : "")
            return "\(shown) \(days.count == 1 ? "is" : "are") not in the workspace and autoload is off; '\(load)' would bring \(days.count == 1 ? "it" : "them")"
        case .effect(let s, _):
            return s
        case .fetchFailed(let failures, let arrived):
            // One clause per distinct reason: up to three days by name, else how many and the first
            // and last (`30 days: the server answered 401 … — c1@2025-08-01 … c1@2025-08-30`).
            var reasons: [String] = []
            var daysByReason: [String: [String]] = [:]
            for f in failures {
                if daysByReason[f.reason] == nil { reasons.append(f.reason) }
                daysByReason[f.reason, default: []].append(f.label)
            }
            var clauses: [String] = []
            for r in reasons {
                let ds = daysByReason[r]!
                if ds.count <= 3 { clauses.append(ds.joined(separator: ", ") + ": " + r) }
                else if reasons.count == 1 { clauses.append("\(r) — \(ds[0]) … \(ds[ds.count - 1])") }
                else { clauses.append("\(plural(ds.count, "day")): \(r) — \(ds[0]) … \(ds[ds.count - 1])") }
            }
            let head = failures.count == 1 ? "1 day failed" : "\(failures.count) days failed"
            let kept = arrived == 0 ? "" : " (\(plural(arrived, "day")) arrived and \(arrived == 1 ? "is" : "are") kept)"
            return "\(head)\(kept): " + clauses.joined(separator: "; ")
        }
    }
}

/// The closest word to `word` among `candidates` by edit distance, when it is close enough
/// to be a likely typo.
public func suggestion(for word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased().utf8)
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.utf8))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (c, d) = best else { return nil }
    let limit = max(1, min(3, w.count / 3 + 1))
    if d <= limit { return c }
    // A prefix of a long word ("cred" for "credits") is a likely slip too.
    if w.count >= 3, c.utf8.starts(with: w) { return c }
    return nil
}

func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
