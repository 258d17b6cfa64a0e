import CXQCore

/// How to render: the chosen format and what the output device allows.
public struct RenderOptions: Sendable {
    public var format: OutputFormat
    public var precision: Int
    /// Colour escapes allowed (a terminal, colour not off, NO_COLOR unset).
    public var color: Bool
    /// The terminal's width, when output goes to one.
    public var width: Int?
    /// What table and markdown show for null (`set null`).
    public var null: String
    /// JSON for a program that shows answers to people (`--coprocess`): each object also carries
    /// its `text` as the table format shows it, a table its `title`, a chart its `svg`.
    public var rich = false

    public init(format: OutputFormat = .table, precision: Int = 2, color: Bool = false, width: Int? = nil, null: String = "-") {
        self.format = format
        self.precision = precision
        self.color = color
        self.width = width
        self.null = null
    }
}

/// Turns values into text. Every format shows the same value.
public enum Renderer {
    static let red = "\u{1B}[31m", green = "\u{1B}[32m", bold = "\u{1B}[1m", dim = "\u{1B}[2m", reset = "\u{1B}[0m"

    /// Renders one command's value.
    public static func render(_ value: Value, command: String, options: RenderOptions, into out: inout [UInt8]) {
        switch options.format {
        case .json:
            json(value, command: command, into: &out)
            if options.rich { enrich(value, options: options, into: &out) }
        case .csv, .tsv:
            if case .scalar(let s) = value {
                // The hot path of a scripted batch: a bare number, like sqlite3's output.
                if case .int(let v) = s.value { appendInteger(v, to: &out) }
                else if case .double(let d) = s.value { out.append(contentsOf: NumberFormat.exact(d).utf8) }
                out.append(10)
                return
            }
            delimited(value, separator: options.format == .csv ? 44 : 9, options: options, into: &out)
        case .markdown: markdown(value, options: options, into: &out)
        case .table: human(value, options: options, into: &out)
        }
    }

    /// The label of a scalar, spelling out the hours: `sum(credits) of c1@2025-08-23, hours 09:00-17:59`.
    public static func label(_ s: Scalar) -> String {
        let days = s.days.count <= 3 ? s.days.map(\.label).joined(separator: ", ") : "\(s.days.count) days"
        var parts = ["\(s.name) of \(days)"]
        if s.hours != .all { parts.append("hours \(s.hours.label)") }
        if let f = s.filter { parts.append("where \(f)") }
        if parts.count == 1 { parts.append("all hours") }
        return parts.joined(separator: ", ")
    }

    // MARK: JSON

    static func json(_ value: Value, command: String, into out: inout [UInt8]) {
        func key(_ k: String) { appendJSONString(k, to: &out); out.append(58) }
        func head(_ kind: String) {
            out.append(123); key("kind"); appendJSONString(kind, to: &out)
            out.append(44); key("command"); appendJSONString(command, to: &out)
        }
        switch value {
        case .scalar(let s):
            head("scalar")
            if let metric = s.metric, let agg = s.aggregate {
                out.append(44); key("metric"); appendJSONString(metric.rawValue, to: &out)
                out.append(44); key("agg"); appendJSONString(agg.rawValue, to: &out)
            } else {
                out.append(44); key("expr"); appendJSONString(s.name, to: &out)
            }
            out.append(44); key("hours"); out.append(91)
            for (i, h) in s.hours.enumerated() { if i > 0 { out.append(44) }; appendInteger(Int64(h), to: &out) }
            out.append(93)
            if let f = s.filter { out.append(44); key("where"); appendJSONString(f, to: &out) }
            out.append(44); key("days"); out.append(91)
            for (i, d) in s.days.enumerated() {
                if i > 0 { out.append(44) }
                out.append(ASCII.quote)
                out.append(contentsOf: d.campaign.utf8) // ids hold nothing to escape
                out.append(ASCII.at)
                out.append(contentsOf: d.date.description.utf8)
                out.append(ASCII.quote)
            }
            out.append(93)
            out.append(44); key("value"); NumberFormat.json(Cell(s.value), into: &out)
        case .table(let t):
            head("table"); jsonTable(t, into: &out)
        case .chart(let c):
            head("table"); jsonTable(c.table, into: &out)
        case .plot(let p):
            head("table"); jsonTable(p.table, into: &out)
        case .brief(let b):
            head("brief"); out.append(44); key("text"); appendJSONString(b.text, to: &out)
            for (name, cell) in briefFields(b) {
                out.append(44); key(name); NumberFormat.json(cell, into: &out)
            }
        case .message(let m):
            head("message"); out.append(44); key("text"); appendJSONString(m, to: &out)
        case .help(let word):
            head("message"); out.append(44); key("text"); appendJSONString(Help.text(for: word) ?? "", to: &out)
        case .loaded(let r):
            head("message"); out.append(44); key("text"); appendJSONString(r.text, to: &out)
            loadFields(r, into: &out)
        case .text(let t):
            out.append(contentsOf: t.utf8)
            return
        case .none:
            head("message"); out.append(44); key("text"); appendJSONString("", to: &out)
        }
        out.append(contentsOf: [125, 10])
    }

    /// Adds `text`, `title` and `svg` to the JSON object just written (before its closing brace).
    static func enrich(_ value: Value, options: RenderOptions, into out: inout [UInt8]) {
        guard out.count >= 2, out[out.count - 1] == ASCII.newline, out[out.count - 2] == ASCII.closeBrace else { return }
        var plain = options
        plain.format = .table
        plain.color = false
        plain.width = nil
        var extra: [UInt8] = []
        func field(_ name: String, _ text: String) {
            extra.append(ASCII.comma); appendJSONString(name, to: &extra); extra.append(ASCII.colon); appendJSONString(text, to: &extra)
        }
        switch value {
        case .scalar, .table, .chart, .plot:
            var text: [UInt8] = []
            human(value, options: plain, into: &text)
            field("text", String(decoding: text, as: UTF8.self))
        default: return
        }
        switch value {
        case .chart(let c): field("svg", SVGChart.render(c.plot, precision: options.precision))
        case .plot(let p): field("svg", SVGChart.render(p, precision: options.precision))
        default: break
        }
        out.removeLast(2)
        out.append(contentsOf: extra)
        out.append(contentsOf: [ASCII.closeBrace, ASCII.newline])
    }

    /// The facts of a brief, as JSON fields and as csv columns (decision 13).
    static func briefFields(_ b: Brief) -> [(String, Cell)] {
        [("day", .text(b.day)), ("campaign", .text(b.campaign)), ("date", .text(b.date.description)),
         ("weekday", .text(b.weekday)), ("credits", .int(b.credits)), ("credits_pct", Cell(b.creditsPct)),
         ("results", .int(b.results)), ("results_pct", Cell(b.resultsPct)), ("cpr", Cell(b.cpr)),
         ("peak_hour", b.peakHour.map { .int(Int64($0)) } ?? .null), ("peak_credits", .int(b.peakCredits)),
         ("anomalies", b.anomalies.map { .int(Int64($0)) } ?? .null), ("baseline_weeks", .int(Int64(b.baselineWeeks))),
         ("source", .text(b.source.rawValue)), ("fetched", b.fetched.map { .text(Timestamp.iso($0)) } ?? .null)]
    }

    static func jsonTable(_ t: Table, into out: inout [UInt8]) {
        func key(_ k: String) { appendJSONString(k, to: &out); out.append(58) }
        // The title says what was selected (days, hours, where) and any tie a limit cut through.
        if let title = t.title { out.append(44); key("title"); appendJSONString(title, to: &out) }
        out.append(44); key("columns"); out.append(91)
        for (i, c) in t.columns.enumerated() { if i > 0 { out.append(44) }; appendJSONString(c, to: &out) }
        out.append(93)
        out.append(44); key("rows"); out.append(91)
        for (r, row) in t.rows.enumerated() {
            if r > 0 { out.append(44) }
            out.append(91)
            for (i, c) in row.enumerated() { if i > 0 { out.append(44) }; NumberFormat.json(c, into: &out) }
            out.append(93)
        }
        out.append(93)
    }

    /// `"loaded":[{"campaign","date","source"}…],"failed":[{"campaign","date","reason","category"}…]`.
    static func loadFields(_ r: LoadReport, into out: inout [UInt8]) {
        out.append(contentsOf: ",\"loaded\":[".utf8)
        for (i, d) in r.loaded.enumerated() {
            if i > 0 { out.append(ASCII.comma) }
            out.append(contentsOf: "{\"campaign\":".utf8); appendJSONString(d.campaign, to: &out)
            out.append(contentsOf: ",\"date\":".utf8); appendJSONString(d.date.description, to: &out)
            out.append(contentsOf: ",\"source\":".utf8); appendJSONString(d.source.rawValue, to: &out)
            out.append(ASCII.closeBrace)
        }
        out.append(ASCII.closeBracket)
        failedField(r.failed, into: &out)
    }

    static func failedField(_ failed: [FailedDay], into out: inout [UInt8]) {
        out.append(contentsOf: ",\"failed\":[".utf8)
        for (i, f) in failed.enumerated() {
            if i > 0 { out.append(ASCII.comma) }
            out.append(contentsOf: "{\"campaign\":".utf8); appendJSONString(f.campaign, to: &out)
            out.append(contentsOf: ",\"date\":".utf8)
            if let d = f.date { appendJSONString(d.description, to: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: ",\"reason\":".utf8); appendJSONString(f.reason, to: &out)
            out.append(contentsOf: ",\"category\":".utf8); appendJSONString(f.category.rawValue, to: &out)
            out.append(ASCII.closeBrace)
        }
        out.append(ASCII.closeBracket)
    }

    /// An error as one JSON object (the text form goes to standard error as well): the message,
    /// where it is, its category and, for a failed fetch, the days that failed.
    public static func jsonError(_ error: QueryError, command: String, line: Int?, column: Int?, into out: inout [UInt8]) {
        out.append(contentsOf: "{\"kind\":\"error\",\"command\":".utf8)
        appendJSONString(command, to: &out)
        out.append(contentsOf: ",\"message\":".utf8)
        appendJSONString(error.message, to: &out)
        if let line { out.append(contentsOf: ",\"line\":".utf8); appendInteger(Int64(line), to: &out) }
        if let column { out.append(contentsOf: ",\"column\":".utf8); appendInteger(Int64(column), to: &out) }
        out.append(contentsOf: ",\"category\":".utf8)
        appendJSONString(error.category.rawValue, to: &out)
        if case .loaded(let r)? = error.partial {
            loadFields(r, into: &out)
        } else if !error.failedDays.isEmpty {
            failedField(error.failedDays, into: &out)
        }
        out.append(contentsOf: [ASCII.closeBrace, ASCII.newline])
    }

    /// Failed days grouped by reason, one line a reason (JSON keeps every day): up to three days
    /// by name, else how many and the first and last (`30 days: … — c1@2025-08-01 … c1@2025-08-30`).
    static func failureLines(_ failed: [FailedDay]) -> [String] {
        var reasons: [String] = []
        var days: [String: [String]] = [:]
        for f in failed {
            if days[f.reason] == nil { reasons.append(f.reason) }
            days[f.reason, default: []].append(f.label)
        }
        return reasons.map { r in
            let d = days[r]!
            if d.count <= 3 { return d.map { "\($0): \(r)" }.joined(separator: "\n  ") }
            return "\(plural(d.count, "day")): \(r) — \(d[0]) … \(d[d.count - 1])"
        }
    }

    // MARK: CSV, TSV

    static func delimited(_ value: Value, separator: UInt8, options: RenderOptions, into out: inout [UInt8]) {
        func field(_ s: String) {
            if separator == 44 {
                if s.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                    out.append(34)
                    for b in s.utf8 { if b == 34 { out.append(34) }; out.append(b) }
                    out.append(34)
                } else { out.append(contentsOf: s.utf8) }
            } else {
                for b in s.utf8 { out.append(b == 9 || b == 10 || b == 13 ? 32 : b) }
            }
        }
        func table(_ t: Table) {
            for (i, c) in t.columns.enumerated() { if i > 0 { out.append(separator) }; field(c) }
            out.append(10)
            for row in t.rows {
                for (i, c) in row.enumerated() {
                    if i > 0 { out.append(separator) }
                    if case .null = c { continue } // an empty field stands for null
                    field(NumberFormat.exactText(c))
                }
                out.append(10)
            }
        }
        switch value {
        case .table(let t): table(t)
        case .chart(let c): table(c.table)
        case .plot(let p): table(p.table)
        case .brief(let b):
            let fields = briefFields(b)
            table(Table(columns: fields.map(\.0), rows: [fields.map(\.1)]))
        case .message(let m): out.append(contentsOf: m.utf8); out.append(10)
        case .help(let w): out.append(contentsOf: (Help.text(for: w, width: options.width) ?? "").utf8); out.append(10)
        case .loaded(let r): out.append(contentsOf: r.text.utf8); out.append(10)
        case .text(let t): out.append(contentsOf: t.utf8)
        case .scalar, .none: break
        }
    }

    // MARK: Markdown

    static func markdown(_ value: Value, options: RenderOptions, into out: inout [UInt8]) {
        func cell(_ s: String) -> String { s.replacingAll("|", with: "\\|") }
        func table(_ t: Table) {
            out.append(contentsOf: ("| " + t.columns.map(cell).joined(separator: " | ") + " |\n").utf8)
            let numeric = numericColumns(t)
            out.append(contentsOf: ("|" + t.columns.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n").utf8)
            for row in t.rows {
                out.append(contentsOf: ("| " + row.map { cell(NumberFormat.text($0, precision: options.precision, null: options.null)) }.joined(separator: " | ") + " |\n").utf8)
            }
        }
        switch value {
        case .scalar(let s):
            var columns = [s.name, "days", "hours"]
            var row: [Cell] = [Cell(s.value), .text(s.days.map(\.label).joined(separator: ", ")), .text(s.hours.label)]
            if let f = s.filter { columns.append("where"); row.append(.text(f)) }
            table(Table(columns: columns, rows: [row]))
        case .table(let t):
            if let title = t.title { out.append(contentsOf: "**\(cell(title))**\n\n".utf8) }
            table(t)
        case .chart(let c): table(c.table)
        case .plot(let p):
            out.append(contentsOf: "**\(cell(p.title))**\n\n".utf8)
            table(p.table)
        case .brief(let b): out.append(contentsOf: b.text.utf8); out.append(10)
        case .message(let m): out.append(contentsOf: m.utf8); out.append(10)
        case .help(let w): out.append(contentsOf: (Help.text(for: w, width: options.width) ?? "").utf8); out.append(10)
        case .loaded(let r): out.append(contentsOf: r.text.utf8); out.append(10)
        case .text(let t): out.append(contentsOf: t.utf8)
        case .none: break
        }
    }

    /// Columns holding numbers (right-aligned): any number in them, or no text at all.
    static func numericColumns(_ t: Table) -> Set<Int> {
        var numbers = Set<Int>(), texts = Set<Int>()
        for row in t.rows {
            for (i, c) in row.enumerated() {
                switch c {
                case .int, .double: numbers.insert(i)
                case .text: texts.insert(i)
                case .null: break
                }
            }
        }
        return numbers.union(Set(t.columns.indices).subtracting(texts))
    }

    // MARK: Human (table format)

    static func human(_ value: Value, options: RenderOptions, into out: inout [UInt8]) {
        switch value {
        case .scalar(let s):
            out.append(contentsOf: "\(label(s)): \(NumberFormat.text(s.value, precision: options.precision, null: options.null))\n".utf8)
        case .table(let t):
            out.append(contentsOf: TableLayout.render(t, options: options).utf8)
        case .chart(let c):
            out.append(contentsOf: ChartDrawing.render(c, options: options).utf8)
        case .plot(let p):
            out.append(contentsOf: ChartDrawing.render(p, options: options).utf8)
        case .brief(let b):
            // At a terminal, wrapped at word boundaries with a hanging indent.
            out.append(contentsOf: Wrap.lines(b.text, width: options.width, hanging: 2).joined(separator: "\n").utf8); out.append(10)
        case .message(let m):
            let lines = m.split(separator: "\n", omittingEmptySubsequences: false).flatMap { Wrap.lines(String($0), width: options.width, hanging: 2) }
            out.append(contentsOf: lines.joined(separator: "\n").utf8); out.append(10)
        case .help(let w):
            out.append(contentsOf: (Help.text(for: w, width: options.width) ?? "").utf8); out.append(10)
        case .loaded(let r):
            out.append(contentsOf: r.text.utf8); out.append(10)
            for line in failureLines(r.failed) { out.append(contentsOf: "  \(line)\n".utf8) }
        case .text(let t):
            out.append(contentsOf: t.utf8)
        case .none: break
        }
    }
}

extension String {
    /// Replaces every occurrence without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var s = ""
        for ch in self { if ch == target { s += replacement } else { s.append(ch) } }
        return s
    }

    /// Width in terminal columns (one per character; good enough for the text cxq prints).
    var displayWidth: Int { count }
}
