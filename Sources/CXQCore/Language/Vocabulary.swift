/// Every word of the language, declared once.
///
/// The parser's dispatch, `help`, did-you-mean suggestions, TAB completion and the docs' command
/// table all read these tables; a new command is one entry here, one grammar production in
/// `Parser`, one case in `Evaluator` and one golden script.
public enum Vocabulary {
    // MARK: Commands

    /// The commands, in the order `help` lists them.
    public static let commands: [CommandSpec] = [
        CommandSpec(.load, synopsis: "load CAMPAIGN[,CAMPAIGN ...] [DATE | D1..D2] [as NAME] [refresh]",
                    summary: "fetch days into the workspace; the last becomes current",
                    examples: ["load camp123 2025-08-23", "load camp123 2025-08-18..2025-08-24 as week", "load camp123 today refresh"]),
        CommandSpec(.days, synopsis: "days", summary: "list the workspace: number, campaign, date, totals, source",
                    examples: ["days"]),
        CommandSpec(.use, synopsis: "use DAY", summary: "make a day current (camp@date, #N, $name, .)",
                    examples: ["use #2", "use camp123@2025-08-23"]),
        CommandSpec(.show, synopsis: "show [DAYSET] [hours SET] [METRIC ...]", summary: "the hourly table",
                    examples: ["show", "show hours 8..12 credits cpr"]),
        CommandSpec(.sum, synopsis: "sum METRIC [per day] [, COLUMN ...] [hours SET] [of DAYSET] [where COND] [by KEY[, KEY]] [having COND] [order by COL] [limit N] [pivot]",
                    summary: "a query: total over the selected cells, or one row per group",
                    examples: ["sum credits hours 9..17", "sum results by day", "sum results / sum credits * 100 as rate by hour"]),
        CommandSpec(.avg, synopsis: "avg METRIC [per day] [, COLUMN ...] [QUERY CLAUSES]",
                    summary: "a query: the mean per cell (per day with 'per day')", examples: ["avg cpr hours 9..17", "avg credits per day"]),
        CommandSpec(.min, synopsis: "min METRIC [per day] [, COLUMN ...] [QUERY CLAUSES]",
                    summary: "a query: the smallest cell", examples: ["min credits hours 9..17"]),
        CommandSpec(.max, synopsis: "max METRIC [per day] [, COLUMN ...] [QUERY CLAUSES]",
                    summary: "a query: the largest cell", examples: ["max results by hour"]),
        CommandSpec(.median, synopsis: "median METRIC [per day] [, COLUMN ...] [QUERY CLAUSES]",
                    summary: "a query: the median cell", examples: ["median credits"]),
        CommandSpec(.count, synopsis: "count [days] [, COLUMN ...] [QUERY CLAUSES]",
                    summary: "a query: how many cells (hours), or days, are selected",
                    examples: ["count where credits > 0 and results = 0", "count days"]),
        CommandSpec(.peak, synopsis: "peak METRIC [of DAYSET] [hours SET]", summary: "the hour(s) with the largest value",
                    examples: ["peak credits"]),
        CommandSpec(.top, synopsis: "top N hours by METRIC [of DAYSET] [hours SET] | top N days|weeks|months|weekdays|campaigns by METRIC [of DAYSET] [hours SET] [where COND]",
                    summary: "the N largest hours (cells), or groups by their sum, largest first",
                    examples: ["top 3 hours by credits", "top 2 days by results of all"]),
        CommandSpec(.bottom, synopsis: "bottom N days|weeks|months|weekdays|campaigns by METRIC [of DAYSET] [hours SET] [where COND]",
                    summary: "the N groups with the smallest sum, smallest first", examples: ["bottom 2 days by results of all"]),
        CommandSpec(.compare, synopsis: "compare [A] [B | prev | offset Nd|Nw | baseline Nw] [METRIC ...] [hours SET] [by hour|day]",
                    summary: "A against B per hour (or per day) with Δ and Δ%; one day set: it against its previous period; '. X': the current day against X",
                    examples: ["compare", "compare credits cpr hours 9..17", "compare camp123@2025-08-22 credits", "compare . camp123@2025-08-16 credits"]),
        CommandSpec(.anomalies, synopsis: "anomalies [of DAYSET] [METRIC ...] [hours SET] [baseline Nw] [sigma K]",
                    summary: "hours far from what the campaign usually does then (same weekday and hour, N weeks back)",
                    examples: ["anomalies", "anomalies of camp123@2025-08-18..2025-08-22 results hours 9..17",
                               "anomalies credits baseline 6w sigma 4"]),
        CommandSpec(.explain, synopsis: "explain [A] [B | prev | offset Nd|Nw | baseline Nw] credits|results [hours SET]",
                    summary: "which hours made the change, ranked by their share of it",
                    examples: ["explain credits", "explain camp123@2025-08-23 offset 1w results", "explain baseline 4w credits hours 8..20"]),
        CommandSpec(.brief, synopsis: "brief [DAY]",
                    summary: "one line to paste into a ticket: totals, change, cpr, busiest hour, anomalies, source",
                    examples: ["brief", "brief camp123@yesterday"]),
        CommandSpec(.chart, synopsis: "chart METRIC [of DAYSET] [hours SET] | chart QUERY",
                    summary: "bars per hour, a sparkline per day; bars per group of a query, a heatmap for two keys",
                    examples: ["chart credits", "chart sum credits by day of camp123@2025-08-01..2025-08-14",
                               "chart sum results by weekday, hour of camp123@2025-08-01..2025-08-28"]),
        CommandSpec(.export, synopsis: "export csv|json|jsonl [DAYSET] [to PATH] | export csv|jsonl [DAYSET] to DIR/ partitioned",
                    summary: "the days for other tools; standard output without 'to'", examples: ["export csv"]),
        CommandSpec(.save, synopsis: "save PATH", summary: "keep the workspace, with its $NAMEs, in a day file (JSON Lines)",
                    examples: ["save work.jsonl"]),
        CommandSpec(.open, synopsis: "open PATH", summary: "add the days (and $NAMEs) of a day file", examples: ["open days.jsonl"]),
        CommandSpec(.drop, synopsis: "drop DAYSET", summary: "remove days from the workspace", examples: ["drop #1"]),
        CommandSpec(.clear, synopsis: "clear", summary: "remove every day from the workspace", examples: ["clear"]),
        CommandSpec(.set, synopsis: "set [format|precision|timing|tz|color|concurrency|fetch_limit|autoload|null|pager VALUE]",
                    summary: "change a setting; alone, list them", examples: ["set", "set format json"]),
        CommandSpec(.profile, synopsis: "profile [NAME]", summary: "list profiles or switch company and credentials",
                    examples: ["profile"]),
        CommandSpec(.cache, synopsis: "cache [clear]", summary: "what the local store holds, or empty it", examples: ["cache"]),
        CommandSpec(.history, synopsis: "history", summary: "the commands typed before", examples: ["history"]),
        CommandSpec(.watch, synopsis: "watch SECONDS COMMAND | watch SECONDS \"COMMAND; COMMAND\"", summary: "run commands again and again until Ctrl-C, today's days fetched afresh each time",
                    examples: ["watch 60 load camp123 today"]),
        CommandSpec(.read, synopsis: "read PATH", summary: "run the commands in a file", examples: ["read report.cxq"]),
        CommandSpec(.help, synopsis: "help [COMMAND]", summary: "this list, or one command's usage", examples: ["help sum"]),
        CommandSpec(.quit, words: ["quit", "exit"], synopsis: "quit | exit", summary: "leave the shell", examples: ["quit"]),
    ]

    /// Every word that starts a command, in `help` order (`exit` after `quit`).
    public static let commandWords: [String] = commands.flatMap(\.words)

    /// The command a word starts (ASCII, case-insensitive), or nil.
    public static func command(named word: String) -> CommandSpec? {
        let w = word.lowercased()
        return commands.first { $0.words.contains(w) }
    }

    // MARK: Settings

    /// The settings, in the order `set` lists them.
    public static let settings: [SettingSpec] = [
        SettingSpec("format", .choice(OutputFormat.allCases.map(\.rawValue)),
                    show: { $0.format.rawValue },
                    apply: { s, v in if case .word(let w) = v, let f = OutputFormat(rawValue: w) { s.format = f } }),
        SettingSpec("precision", .number(0...17), show: { "\($0.precision)" },
                    apply: { s, v in if case .number(let n) = v { s.precision = n } }),
        SettingSpec("timing", .choice(["on", "off"]), show: { $0.timing ? "on" : "off" },
                    apply: { s, v in if case .word(let w) = v { s.timing = w == "on" } }),
        SettingSpec("tz", .zone, show: { $0.tz ?? "local" },
                    apply: { s, v in if case .text(let z) = v { s.tz = z.lowercased() == "local" ? nil : z } }),
        SettingSpec("color", .choice(ColorMode.allCases.map(\.rawValue)), show: { $0.color.rawValue },
                    apply: { s, v in if case .word(let w) = v, let c = ColorMode(rawValue: w) { s.color = c } }),
        SettingSpec("concurrency", .number(1...64), show: { "\($0.concurrency)" },
                    apply: { s, v in if case .number(let n) = v { s.concurrency = n } }),
        SettingSpec("fetch_limit", .number(1...1_000_000), show: { "\($0.fetchLimit)" },
                    apply: { s, v in if case .number(let n) = v { s.fetchLimit = n } }),
        SettingSpec("autoload", .choice(["on", "off"]), show: { $0.autoload ? "on" : "off" },
                    apply: { s, v in if case .word(let w) = v { s.autoload = w == "on" } }),
        SettingSpec("null", .text, show: { $0.null },
                    apply: { s, v in if case .text(let t) = v { s.null = t } }),
        SettingSpec("pager", .choice(PagerMode.allCases.map(\.rawValue)), show: { $0.pager.rawValue },
                    apply: { s, v in if case .word(let w) = v, let m = PagerMode(rawValue: w) { s.pager = m } }),
    ]

    public static let settingNames: [String] = settings.map(\.name)

    /// The setting with this name (case-insensitive), or nil.
    public static func setting(named name: String) -> SettingSpec? {
        let n = name.lowercased()
        return settings.first { $0.name == n }
    }

    // MARK: Other words

    /// Names of the metrics, as users type them.
    public static var metricNames: [String] { Metric.names }

    /// The group keys `by` takes.
    public static let groupKeys: [String] = GroupKey.allCases.map(\.rawValue)

    /// The grains of `top`/`bottom N GRAIN by METRIC` and the keys they group by.
    public static let grains: [(word: String, key: GroupKey?)] = [
        ("hours", nil), ("days", .day), ("weeks", .week), ("months", .month), ("weekdays", .weekday), ("campaigns", .campaign),
    ]

    /// Weekday labels, Monday first, as `weekday` shows and `where` takes them.
    public static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The attributes `where` compares.
    public static let attributes: [String] = Attribute.allCases.map(\.rawValue)

    /// Common zone names offered by completion after `set tz`.
    public static let zoneExamples = ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Kolkata"]
}

/// What a command is, independent of the words that spell it.
public enum CommandName: String, Sendable, CaseIterable {
    case load, days, use, show, sum, avg, min, max, median, count, peak, top, bottom, compare, anomalies, explain, brief, chart, export
    case save, open, drop, clear, set, profile, cache, history, watch, read, help, quit
}

/// One command's entry in the vocabulary.
public struct CommandSpec: Sendable {
    public let name: CommandName
    /// The words that start it (lower case); the first is its name.
    public let words: [String]
    public let synopsis: String
    public let summary: String
    /// Lines that run as they are (a test runs each on demo data).
    public let examples: [String]
    /// The UTF-8 bytes of each word, for matching tokens without making strings.
    let wordBytes: [[UInt8]]

    init(_ name: CommandName, words: [String]? = nil, synopsis: String, summary: String, examples: [String]) {
        self.name = name
        self.words = words ?? [name.rawValue]
        self.synopsis = synopsis
        self.summary = summary
        self.examples = examples
        self.wordBytes = self.words.map { Array($0.utf8) }
    }
}

/// A value given to a setting, as parsed.
public enum SettingValue: Sendable, Equatable {
    /// One of the setting's choices, lower case.
    case word(String)
    case number(Int)
    /// Free text kept as typed (a time zone).
    case text(String)
}

/// A setting and the value given to it.
public struct SettingChange: Sendable, Equatable {
    public var name: String
    public var value: SettingValue
    public init(_ name: String, _ value: SettingValue) { self.name = name; self.value = value }
}

/// One setting's entry in the vocabulary: its name, what it accepts, how it is shown and set.
public struct SettingSpec: Sendable {
    /// What a setting accepts.
    public enum Accepts: Sendable {
        case choice([String])
        case number(ClosedRange<Int>)
        /// A time zone name (read like a path: `Europe/Paris`); checked at evaluation.
        case zone
        /// Any text (read like a path; quote it to include blanks).
        case text
    }

    public let name: String
    public let accepts: Accepts
    let show: @Sendable (Settings) -> String
    let apply: @Sendable (inout Settings, SettingValue) -> Void

    init(_ name: String, _ accepts: Accepts, show: @escaping @Sendable (Settings) -> String,
         apply: @escaping @Sendable (inout Settings, SettingValue) -> Void) {
        self.name = name
        self.accepts = accepts
        self.show = show
        self.apply = apply
    }

    /// The values completion offers.
    public var choices: [String] {
        switch accepts {
        case .choice(let c): return c
        case .number: return []
        case .zone: return Vocabulary.zoneExamples
        case .text: return []
        }
    }

    /// The accepted values in words: `use a whole number from 0 to 17`.
    public var accepted: String {
        switch accepts {
        case .choice(let c): return "use " + (c.count <= 1 ? c.joined() : c.dropLast().joined(separator: ", ") + " or " + c.last!)
        case .number(let r): return "use a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .zone: return "use a name such as UTC or Europe/Paris"
        case .text: return "use any text"
        }
    }
}

/// The words that introduce clauses and options inside commands.
public enum Keyword: String, Sendable, CaseIterable {
    case hours, of, by, `as`, refresh, to, clear, all
    case `where`, having, order, limit, pivot, asc, desc, per, day, days, and, or, not, `in`
    case prev, offset, baseline, partitioned, sigma

    /// The words that start a query clause, in the order error messages offer them.
    public static let queryClauses: [Keyword] = [.hours, .of, .where, .by, .having, .order, .limit, .pivot]

    /// Words that end a day set or a column list: they can never be a campaign id there.
    static let reserved: Set<String> = Set(Keyword.allCases.map(\.rawValue))
}
