/// Turns days into the export formats other tools read.
public enum Exporter {
    /// One file of a partitioned export: `campaign=ID/month=YYYY-MM/part-0.EXT`.
    public struct Partition: Sendable, Equatable {
        public var campaign: String
        public var month: String
        public var contents: [UInt8]
        /// The folder, relative to the export's root.
        public var directory: String { "campaign=\(campaign)/month=\(month)" }
        public var file: String
    }

    /// Days split by campaign and month, in campaign then date order. In csv the partition
    /// columns are in the path, not the rows (`date,hour,credits,…`), as Hive, DuckDB and Spark
    /// expect; jsonl parts are day files, so cxq can `open` any one of them.
    public static func partitions(_ days: [Day], as format: ExportFormat) -> [Partition] {
        let sorted = days.sorted { ($0.campaign.utf8.lexicographicallyPrecedes($1.campaign.utf8)) || ($0.campaign == $1.campaign && $0.date < $1.date) }
        var parts: [Partition] = []
        var i = 0
        while i < sorted.count {
            let campaign = sorted[i].campaign, month = String(sorted[i].date.description.prefix(7))
            var j = i
            while j < sorted.count, sorted[j].campaign == campaign, sorted[j].date.description.hasPrefix(month) { j += 1 }
            let group = Array(sorted[i..<j])
            let contents: [UInt8]
            if format == .csv {
                var out = Array("date,hour,credits,credits_change,results,results_change\n".utf8)
                for d in group { appendCSVRows(d, prefix: Array("\(d.date),".utf8), into: &out) }
                contents = out
            } else {
                contents = DayRecord.encodeLines(group)
            }
            parts.append(Partition(campaign: campaign, month: month, contents: contents, file: "part-0.\(format.rawValue)"))
            i = j
        }
        return parts
    }

    /// A day's 24 rows: `PREFIX` hour, then the four series.
    static func appendCSVRows(_ d: Day, prefix: [UInt8], into out: inout [UInt8]) {
        for h in 0..<24 {
            out.append(contentsOf: prefix)
            appendInteger(Int64(h), to: &out)
            for s in Day.Series.allCases {
                out.append(ASCII.comma)
                appendInteger(d.value(s, h), to: &out)
            }
            out.append(ASCII.newline)
        }
    }

    /// `csv`: one row per (day, hour); `json`: one array of day objects on one line;
    /// `jsonl`: the day-file format, one day per line.
    public static func export(_ days: [Day], as format: ExportFormat) -> [UInt8] {
        switch format {
        case .jsonl:
            return DayRecord.encodeLines(days)
        case .json:
            var out: [UInt8] = [ASCII.openBracket]
            for (i, d) in days.enumerated() {
                if i > 0 { out.append(ASCII.comma) }
                DayRecord.encode(d, into: &out)
            }
            out.append(contentsOf: [ASCII.closeBracket, ASCII.newline])
            return out
        case .csv:
            var out = Array("campaign,date,hour,credits,credits_change,results,results_change\n".utf8)
            for d in days { appendCSVRows(d, prefix: Array("\(d.campaign),\(d.date),".utf8), into: &out) }
            return out
        }
    }
}
