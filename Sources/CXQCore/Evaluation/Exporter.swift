/// Turns days into the export formats other tools read.
public enum Exporter {
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
            for d in days {
                let prefix = Array("\(d.campaign),\(d.date),".utf8)
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
            return out
        }
    }
}
