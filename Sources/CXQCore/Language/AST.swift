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
}

/// A reference to one day of the workspace.
public enum DayRef: Sendable, Equatable {
    /// `camp123@2025-08-23`
    case key(campaign: String, date: DateSpec)
    /// `#3`
    case number(Int)
    /// `$name`
    case name(String)
    /// `.`
    case current
}

/// A set of days of the workspace.
public enum DaySetSpec: Sendable, Equatable {
    case ref(DayRef)
    /// `camp123@2025-08-01..2025-08-07`
    case range(campaign: String, from: DateSpec, to: DateSpec)
    /// A campaign id alone: all its days in the workspace.
    case campaign(String)
    case all
}

/// A day set with where it was written.
public struct DaySet: Sendable, Equatable {
    public var spec: DaySetSpec
    public var range: SourceRange
}

/// A day reference with where it was written.
public struct DayReference: Sendable, Equatable {
    public var ref: DayRef
    public var range: SourceRange
}

public enum Aggregate: String, Sendable, CaseIterable {
    case sum, avg, min, max, median
}

public enum Grouping: String, Sendable, CaseIterable {
    case day, campaign, hour
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
    case load(campaign: String, dates: DateSelection?, name: String?, refresh: Bool)
    case days
    case use(DayReference)
    case show(days: DaySet?, hours: HourSet?, metrics: [Metric])
    case aggregate(Aggregate, Metric, hours: HourSet?, of: DaySet?, by: Grouping?)
    case peak(Metric, of: DaySet?, hours: HourSet?)
    case top(Int, Metric, of: DaySet?, hours: HourSet?)
    case compare(DayReference?, DayReference?, metrics: [Metric], hours: HourSet?)
    case chart(Metric, of: DaySet?, hours: HourSet?)
    case export(ExportFormat, DaySet?, to: String?)
    case save(String)
    case open(String)
    case drop(DaySet)
    case clear
    case set(SettingChange?)
    case profile(String?)
    case cache(clear: Bool)
    case history
    case watch(seconds: Int, Statement)
    case read(String)
    case help(String?)
    case quit
}

/// A command with the text it was parsed from.
public struct Statement: Sendable, Equatable {
    public var command: Command
    /// Where the statement stands in its line.
    public var range: SourceRange
    /// The statement's own text, trimmed (for `"command"` in JSON output).
    public var text: String
}
