import CXQCore

/// Draws `chart` in the terminal: a bar per hour for one day, a sparkline per day for many.
enum ChartDrawing {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let sparks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ c: Chart, options: RenderOptions) -> String {
        c.series.count == 1 ? bars(c, options: options) : sparklines(c, options: options)
    }

    static func bars(_ c: Chart, options: RenderOptions) -> String {
        let s = c.series[0]
        let texts = s.values.map { NumberFormat.text($0, precision: options.precision) }
        let valueWidth = texts.map(\.count).max() ?? 1
        let maxBar = max(10, min(60, (options.width ?? 80) - valueWidth - 6))
        let top = s.values.compactMap(\.doubleValue).filter { $0 > 0 }.max() ?? 0
        var lines = ["\(c.metric.rawValue), \(s.label), \(c.hours.label)"]
        for (i, h) in c.hours.enumerated() {
            let v = s.values[i].doubleValue ?? 0
            var bar = ""
            if top > 0, v > 0 {
                let units = Int((v / top * Double(maxBar * 8)).rounded())
                bar = String(repeating: "█", count: units / 8) + eighths[units % 8]
            }
            let hour = h < 10 ? "0\(h)" : "\(h)"
            let pad = String(repeating: " ", count: valueWidth - texts[i].count)
            lines.append("\(hour) \(pad)\(texts[i]) \(bar)")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func sparklines(_ c: Chart, options: RenderOptions) -> String {
        let labelWidth = c.series.map(\.label.count).max() ?? 0
        var lines = ["\(c.metric.rawValue), \(c.hours.label), one sparkline per day (low \(sparks[0]) to high \(sparks[7]))"]
        for s in c.series {
            let values = s.values.compactMap(\.doubleValue)
            let lo = values.min() ?? 0, hi = values.max() ?? 0
            var line = ""
            for v in s.values {
                guard let x = v.doubleValue else { line += " "; continue }
                let k = hi > lo ? Int(((x - lo) / (hi - lo) * 7).rounded()) : 0
                line += sparks[k]
            }
            let pad = String(repeating: " ", count: labelWidth - s.label.count)
            lines.append("\(s.label)\(pad)  \(line)  max \(NumberFormat.text(v: hi, options))")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension NumberFormat {
    static func text(v: Double, _ options: RenderOptions) -> String {
        v == v.rounded() && v.magnitude < 1e15 ? String(Int64(v)) : fixed(v, places: options.precision)
    }
}
