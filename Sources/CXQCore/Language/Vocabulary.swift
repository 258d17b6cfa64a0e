/// Every word of the language, declared once.
///
/// The parser's dispatch, `help`, did-you-mean suggestions, TAB completion and the docs' command
/// table all read these tables; a new command is one entry here, one grammar production in
/// `Parser`, one case in `Evaluator` and one golden script.
public enum Vocabulary {
    // MARK: Commands

    /// The commands, in the order `help` lists them.
    public static let commands: [CommandSpec] = [
        CommandSpec(.load, synopsis: "load CAMPAIGN [DATE | D1..D2] [as NAME] [refresh]",
                    summary: "fetch days into the workspace; the last becomes current",
                    examples: ["load camp123 2025-08-23", "load camp123 2025-08-18..2025-08-24 as week", "load camp123 today refresh"]),
        CommandSpec(.days, synopsis: "days", summary: "list the workspace: number, campaign, date, totals, source",
                    examples: ["days"]),
        CommandSpec(.use, synopsis: "use DAYREF", summary: "make a day current (camp@date, #N, $name, .)",
                    examples: ["use #2", "use camp123@2025-08-23"]),
        CommandSpec(.show, synopsis: "show [DAYSET] [hours SET] [METRIC ...]", summary: "the hourly table",
                    examples: ["show", "show hours 8..12 credits cpr"]),
        CommandSpec(.sum, synopsis: "sum METRIC [hours SET] [of DAYSET] [by day|campaign|hour]",
                    summary: "total over the selected cells",
                    examples: ["sum credits hours 9..17", "sum results of all by day"]),
        CommandSpec(.avg, synopsis: "avg METRIC [hours SET] [of DAYSET] [by day|campaign|hour]",
                    summary: "mean over the selected cells", examples: ["avg cpr hours 9..17"]),
        CommandSpec(.min, synopsis: "min METRIC [hours SET] [of DAYSET] [by day|campaign|hour]",
                    summary: "smallest cell", examples: ["min credits hours 9..17"]),
        CommandSpec(.max, synopsis: "max METRIC [hours SET] [of DAYSET] [by day|campaign|hour]",
                    summary: "largest cell", examples: ["max results by hour"]),
        CommandSpec(.median, synopsis: "median METRIC [hours SET] [of DAYSET] [by day|campaign|hour]",
                    summary: "median cell", examples: ["median credits"]),
        CommandSpec(.peak, synopsis: "peak METRIC [of DAYSET] [hours SET]", summary: "the hour(s) with the largest value",
                    examples: ["peak credits"]),
        CommandSpec(.top, synopsis: "top N hours by METRIC [of DAYSET] [hours SET]", summary: "the N largest hours, largest first",
                    examples: ["top 3 hours by credits"]),
        CommandSpec(.compare, synopsis: "compare [A [B]] [METRIC ...] [hours SET]",
                    summary: "A against B per hour with Δ and Δ%; no day: current against its previous period",
                    examples: ["compare", "compare credits cpr hours 9..17"]),
        CommandSpec(.chart, synopsis: "chart METRIC [of DAYSET] [hours SET]",
                    summary: "bars per hour; a sparkline per day for several days", examples: ["chart credits"]),
        CommandSpec(.export, synopsis: "export csv|json|jsonl [DAYSET] [to PATH]",
                    summary: "the days for other tools; standard output without 'to'", examples: ["export csv"]),
        CommandSpec(.save, synopsis: "save PATH", summary: "keep the workspace in a day file (JSON Lines)",
                    examples: ["save work.jsonl"]),
        CommandSpec(.open, synopsis: "open PATH", summary: "add the days of a day file", examples: ["open work.jsonl"]),
        CommandSpec(.drop, synopsis: "drop DAYSET", summary: "remove days from the workspace", examples: ["drop #1"]),
        CommandSpec(.clear, synopsis: "clear", summary: "remove every day from the workspace", examples: ["clear"]),
        CommandSpec(.set, synopsis: "set [format|precision|timing|tz|color|concurrency VALUE]",
                    summary: "change a setting; alone, list them", examples: ["set", "set format json"]),
        CommandSpec(.profile, synopsis: "profile [NAME]", summary: "list profiles or switch company and credentials",
                    examples: ["profile"]),
        CommandSpec(.cache, synopsis: "cache [clear]", summary: "what the local store holds, or empty it", examples: ["cache"]),
        CommandSpec(.history, synopsis: "history", summary: "the commands typed before", examples: ["history"]),
        CommandSpec(.watch, synopsis: "watch SECONDS COMMAND", summary: "run a command again and again until Ctrl-C",
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
                    apply: { s, v in if case .text(let z) = v { s.tz = z } }),
        SettingSpec("color", .choice(ColorMode.allCases.map(\.rawValue)), show: { $0.color.rawValue },
                    apply: { s, v in if case .word(let w) = v, let c = ColorMode(rawValue: w) { s.color = c } }),
        SettingSpec("concurrency", .number(1...64), show: { "\($0.concurrency)" },
                    apply: { s, v in if case .number(let n) = v { s.concurrency = n } }),
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
    public static let groupKeys: [String] = Grouping.allCases.map(\.rawValue)

    /// Common zone names offered by completion after `set tz`.
    public static let zoneExamples = ["UTC", "Europe/London", "Europe/Paris", "America/New_York", "Asia/Kolkata"]
}

/// What a command is, independent of the words that spell it.
public enum CommandName: String, Sendable, CaseIterable {
    case load, days, use, show, sum, avg, min, max, median, peak, top, compare, chart, export
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
        }
    }

    /// The accepted values in words: `use a whole number from 0 to 17`.
    public var accepted: String {
        switch accepts {
        case .choice(let c): return "use " + (c.count <= 1 ? c.joined() : c.dropLast().joined(separator: ", ") + " or " + c.last!)
        case .number(let r): return "use a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .zone: return "use a name such as UTC or Europe/Paris"
        }
    }
}

/// The words that introduce clauses and options inside commands.
public enum Keyword: String, Sendable, CaseIterable {
    case hours, of, by, `as`, refresh, to, clear, all
}
