/// One cell of a table.
public enum Cell: Sendable, Equatable {
    case int(Int64)
    case double(Double)
    case text(String)
    case null

    public init(_ n: Number) {
        switch n {
        case .int(let v): self = .int(v)
        case .double(let d): self = .double(d)
        case .null: self = .null
        }
    }
}

/// One number with everything needed to label it.
public struct Scalar: Sendable, Equatable {
    /// The metric and aggregate of a plain `AGG METRIC` column; nil for any other expression.
    public var metric: Metric?
    public var aggregate: Aggregate?
    /// The column's name when it is not a plain `AGG METRIC` (decision 8).
    public var expr: String?
    public var hours: HourSet
    /// The `where` condition as written, when one restricted the cells.
    public var filter: String?
    /// The days it covers (shown as `camp@date`; a view of the workspace's columns, so that a
    /// scalar over 100,000 days makes no key, let alone a label, until one is shown).
    public var days: DayList
    public var value: Number

    public init(metric: Metric, aggregate: Aggregate, hours: HourSet, days: [DayKey], value: Number) {
        self.init(metric: metric, aggregate: aggregate, hours: hours, days: DayList(days), value: value)
    }

    public init(metric: Metric, aggregate: Aggregate, hours: HourSet, days: DayList, value: Number) {
        self.metric = metric
        self.aggregate = aggregate
        self.hours = hours
        self.days = days
        self.value = value
    }

    public init(metric: Metric, aggregate: Aggregate, hours: HourSet, filter: String?, days: DayList, value: Number) {
        self.init(metric: metric, aggregate: aggregate, hours: hours, days: days, value: value)
        self.filter = filter
    }

    public init(expr: String, hours: HourSet, filter: String? = nil, days: DayList, value: Number) {
        self.expr = expr
        self.filter = filter
        self.hours = hours
        self.days = days
        self.value = value
    }

    /// `sum(credits)` or the expression's name.
    public var name: String {
        if let metric, let aggregate { return "\(aggregate.rawValue)(\(metric.rawValue))" }
        return expr ?? ""
    }
}

/// Days as keys, read on access from a workspace's entry columns (or from a list of keys).
public struct DayList: RandomAccessCollection, Sendable, Equatable {
    let names: [String]
    let campaigns: [Int32]
    let dates: [Int32]
    let positions: [Int]

    /// The days at `positions` of a workspace.
    public init(_ ws: Workspace, _ positions: [Int]) {
        names = ws.campaignNames
        campaigns = ws.entryCampaign
        dates = ws.entryDate
        self.positions = positions
    }

    public init(_ keys: [DayKey]) {
        names = keys.map(\.campaign)
        campaigns = keys.indices.map { Int32($0) }
        dates = keys.map(\.date.dayNumber)
        positions = Array(keys.indices)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(i: Int) -> DayKey {
        let p = positions[i]
        return DayKey(names[Int(campaigns[p])], CivilDate(dayNumber: dates[p]))
    }

    public static func == (a: DayList, b: DayList) -> Bool { a.elementsEqual(b) }
}

/// What a `load` brought and what failed, as one message with the facts as fields.
public struct LoadReport: Sendable, Equatable {
    /// One day that arrived.
    public struct Loaded: Sendable, Equatable {
        public var campaign: String
        public var date: CivilDate
        public var source: DayOrigin
    }
    public var text: String
    public var loaded: [Loaded]
    public var failed: [FailedDay]
}

/// Rows and columns.
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Cell]]
    /// A line shown above the table in the table format only.
    public var title: String?
    /// Columns whose sign means a rise or a fall (coloured on a terminal).
    public var signedColumns: Set<Int>
    /// Columns a narrow terminal may leave out, the first first, before rows are shown one field
    /// per line (`days` keeps its numbers and drops where each day came from).
    public var narrowDrops: [Int] = []

    public init(columns: [String], rows: [[Cell]], title: String? = nil, signedColumns: Set<Int> = []) {
        self.columns = columns
        self.rows = rows
        self.title = title
        self.signedColumns = signedColumns
    }
}

/// Hourly values to draw: one series per day.
public struct Chart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        public var label: String
        public var values: [Number]
        public init(label: String, values: [Number]) { self.label = label; self.values = values }
    }
    public var metric: Metric
    public var hours: HourSet
    public var series: [Series]

    public init(metric: Metric, hours: HourSet, series: [Series]) {
        self.metric = metric
        self.hours = hours
        self.series = series
    }

    /// The same values as a table (hour, then one column per day), for non-table formats.
    public var table: Table {
        let hs = hours.hours
        let rows: [[Cell]] = hs.enumerated().map { i, h in [.int(Int64(h))] + series.map { Cell($0.values[i]) } }
        return Table(columns: ["hour"] + series.map { $0.label }, rows: rows)
    }
}

/// A query drawn: bars for one key, a heatmap for two (first key down, second across).
public struct Plot: Sendable, Equatable {
    public var title: String
    /// The value's column name (`sum(credits)`).
    public var valueName: String
    /// The key columns' names: one for bars, two for a heatmap.
    public var keyNames: [String]
    /// Labels down (one per bar, or per heatmap row), in key order.
    public var rowLabels: [String]
    /// Labels across (heatmap only; empty for bars), in key order.
    public var columnLabels: [String]
    /// `values[row][column]`; one column for bars; null where a group has no value.
    public var values: [[Number]]
    /// The query's answer as it is, for formats that are not pictures.
    public var table: Table

    public init(title: String, valueName: String, keyNames: [String], rowLabels: [String], columnLabels: [String],
                values: [[Number]], table: Table) {
        self.title = title
        self.valueName = valueName
        self.keyNames = keyNames
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.table = table
    }

    public var isHeatmap: Bool { keyNames.count == 2 }
}

extension Chart {
    /// The chart as a plot: bars by hour for one day, a day × hour heatmap for several.
    public var plot: Plot {
        let hs = hours.hours
        let hourLabels = hs.map { String($0) }
        if series.count == 1 {
            return Plot(title: "\(metric.rawValue), \(series[0].label), \(hours.label)", valueName: metric.rawValue,
                        keyNames: ["hour"], rowLabels: hourLabels, columnLabels: [],
                        values: series[0].values.map { [$0] }, table: table)
        }
        return Plot(title: "\(metric.rawValue) by day and hour, \(hours.label)", valueName: metric.rawValue,
                    keyNames: ["day", "hour"], rowLabels: series.map(\.label), columnLabels: hourLabels,
                    values: series.map(\.values), table: table)
    }
}

/// `brief`: the facts of one day for a ticket, and the line that says them.
public struct Brief: Sendable, Equatable {
    public var text: String
    public var day: String
    public var campaign: String
    public var date: CivilDate
    /// `sat`.
    public var weekday: String
    public var credits: Int64
    public var creditsPct: Number
    public var results: Int64
    public var resultsPct: Number
    public var cpr: Number
    /// Nil when no hour spent a credit.
    public var peakHour: Int?
    public var peakCredits: Int64
    /// Nil when no cell had two baseline days.
    public var anomalies: Int?
    public var baselineWeeks: Int
    public var source: DayOrigin
    /// Unix seconds; nil for a day from a file.
    public var fetched: Int64?
}

/// What evaluating a command gives back, for a renderer to show.
public enum Value: Sendable, Equatable {
    case scalar(Scalar)
    case table(Table)
    case chart(Chart)
    case plot(Plot)
    case brief(Brief)
    case message(String)
    /// `help` or `help COMMAND`: laid out by the renderer for the terminal's width.
    case help(String?)
    /// A load's message, with the days as fields in JSON.
    case loaded(LoadReport)
    /// Text written as it is (an export to standard output).
    case text(String)
    /// Nothing to show.
    case none
}

/// Rows that `limit` (or `top N`) cut although their ordering value equals the last row kept's:
/// said in the title, so that a cut through a tie is never silent.
public struct Tie: Sendable, Equatable {
    public var more: Int
    public var value: Cell

    /// `(2 more tied at 8)`.
    public var phrase: String {
        let v: String
        switch value {
        case .int(let i): v = String(i)
        case .double(let d): v = Evaluator.decimal(d, places: 2)
        case .text(let t): v = t
        case .null: v = "no value"
        }
        return "(\(more) more tied at \(v))"
    }
}
