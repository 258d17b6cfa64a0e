/// A day as written: absolute, or relative to today (resolved at evaluation).
public enum DateSpec: Sendable, Equatable {
    case absolute(CivilDate)
    case today
    case yesterday
    /// `-N`: N days before today.
    case daysAgo(Int)

    /// The day this names, given today.
    public func resolve(today: CivilDate) -> CivilDate {
        switch self {
        case .absolute(let d): return d
        case .today: return today
        case .yesterday: return today.adding(days: -1)
        case .daysAgo(let n): return today.adding(days: -n)
        }
    }
}

/// A date or a range of dates with where it was written.
public struct DateSelection: Sendable, Equatable {
    public var from: DateSpec
    /// The end of a `D1..D2` range; nil for one day.
    public var to: DateSpec?
    public var range: SourceRange

    /// As written: `2025-08-01..2025-08-07`, `-6..today`.
    public var text: String { from.text + (to.map { ".." + $0.text } ?? "") }
}

extension DateSpec {
    /// As written.
    public var text: String {
        switch self {
        case .absolute(let d): return d.description
        case .today: return "today"
        case .yesterday: return "yesterday"
        case .daysAgo(let n): return "-\(n)"
        }
    }
}

/// One item of a day set.
public enum DayItem: Sendable, Equatable {
    /// `all`: every day held.
    case all
    /// `#3`
    case number(Int)
    /// `$name`: every day the `load … as name` brought.
    case name(String)
    /// `.`: the current day.
    case current
    /// `camp123`, `camp123@2025-08-23`, `camp123@2025-08-01..2025-08-07`: without dates, every
    /// day of the campaign held (or, with the set's trailing dates, those dates).
    case campaign(String, dates: DateSelection?)
}

/// A day set: a union of items, optionally kept to a range of dates.
///
/// ```
/// dayset -> item { ',' item } [dates]
/// ```
public struct DaySet: Sendable, Equatable {
    public var items: [Item]
    /// The trailing dates: only days with these dates are kept.
    public var dates: DateSelection?
    public var range: SourceRange

    /// One item with where it was written.
    public struct Item: Sendable, Equatable {
        public var item: DayItem
        public var range: SourceRange
        public init(_ item: DayItem, _ range: SourceRange) { self.item = item; self.range = range }
    }

    public init(items: [Item], dates: DateSelection? = nil, range: SourceRange) {
        self.items = items
        self.dates = dates
        self.range = range
    }

    /// A set of one item.
    public init(_ item: DayItem, _ range: SourceRange) { self.init(items: [Item(item, range)], range: range) }

    /// True when every item is a campaign written without dates (`camp1,camp2`): trailing dates
    /// given elsewhere in the command can apply to it.
    public var isBareCampaigns: Bool {
        items.allSatisfy { if case .campaign(_, dates: nil) = $0.item { return true }; return false }
    }
}

public enum Aggregate: String, Sendable, CaseIterable {
    case sum, avg, min, max, median
}


public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, jsonl
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, markdown
}

public enum ColorMode: String, Sendable, CaseIterable {
    case auto, on, off
}

/// One parsed command: what to do, with every part's source range.
public indirect enum Command: Sendable, Equatable {
    case load(campaigns: [String], dates: DateSelection?, name: String?, refresh: Bool)
    case days
    case use(DaySet)
    case show(days: DaySet?, hours: HourSet?, metrics: [Metric])
    /// Aggregates, expressions, groups: v1's `sum credits by day` and everything v2 adds.
    case query(Query)
    case peak(Metric, of: DaySet?, hours: HourSet?)
    case top(Int, Metric, of: DaySet?, hours: HourSet?)
    case compare(CompareSpec)
    case chart(Metric, of: DaySet?, hours: HourSet?)
    /// `chart QUERY`: bars for one key, a heatmap for two.
    case chartQuery(Query)
    case anomalies(AnomalySpec)
    case explain(ExplainSpec)
    /// `brief [DAYREF]`: the one-line card for a ticket.
    case brief(DaySet?)
    /// `partitioned`: hive-style folders `DIR/campaign=ID/month=YYYY-MM/part-0.EXT` under `to`.
    case export(ExportFormat, DaySet?, to: String?, partitioned: Bool = false)
    case save(String)
    case open(String)
    case drop(DaySet)
    case clear
    case set(SettingChange?)
    case profile(String?)
    case cache(clear: Bool)
    case history
    /// `watch N COMMAND` or `watch N "CMD; CMD"`: the statements of one round, in order.
    case watch(seconds: Int, [Statement])
    case read(String)
    case help(String?)
    case quit
}

/// `compare [A] [B | prev | offset N(d|w) | baseline N w] …`.
public struct CompareSpec: Sendable, Equatable {
    /// What A is compared against.
    public enum Base: Sendable, Equatable {
        /// Each day of A against its own previous period (the `_change` arrays).
        case prev
        /// Each day of A against the same campaign `days` days earlier.
        case offset(days: Int)
        /// Each day of A against the hourly median of the same weekday in the `weeks` weeks before.
        case baseline(weeks: Int)
        case days(DaySet)
    }

    /// A; nil for the current day.
    public var a: DaySet?
    public var base: Base
    public var metrics: [Metric]
    public var hours: HourSet?
    /// `by day`: one row per pair of days; otherwise one row per hour.
    public var byDay: Bool

    public init(a: DaySet?, base: Base, metrics: [Metric], hours: HourSet?, byDay: Bool) {
        self.a = a
        self.base = base
        self.metrics = metrics
        self.hours = hours
        self.byDay = byDay
    }
}

/// `anomalies [of DAYSET] [METRIC …] [hours SET] [baseline N w] [sigma K]`.
public struct AnomalySpec: Sendable, Equatable {
    public var of: DaySet?
    /// In the order given; empty for `credits results`.
    public var metrics: [Metric]
    public var hours: HourSet?
    /// N previous same weekdays (2 to 12).
    public var weeks: Int
    /// K: how many Poisson standard deviations away a cell must be.
    public var sigma: Double

    public init(of: DaySet? = nil, metrics: [Metric] = [], hours: HourSet? = nil, weeks: Int = 4, sigma: Double = 3) {
        self.of = of
        self.metrics = metrics
        self.hours = hours
        self.weeks = weeks
        self.sigma = sigma
    }
}

/// `explain [A] [B | prev | offset … | baseline …] METRIC [hours SET]`.
public struct ExplainSpec: Sendable, Equatable {
    /// A and B as `compare` reads them.
    public var sides: CompareSpec
    public var metric: Metric

    public init(sides: CompareSpec, metric: Metric) {
        self.sides = sides
        self.metric = metric
    }
}

/// A command with the text it was parsed from.
public struct Statement: Sendable, Equatable {
    public var command: Command
    /// Where the statement stands in its line.
    public var range: SourceRange
    /// The statement's own text, trimmed (for `"command"` in JSON output).
    public var text: String
    /// `… to PATH`: the value is written to this file instead of shown.
    public var output: String?

    public init(command: Command, range: SourceRange, text: String, output: String? = nil) {
        self.command = command
        self.range = range
        self.text = text
        self.output = output
    }
}
