import CXQCore

/// Draws `chart` in the terminal: a bar per hour for one day, a sparkline per day for many.
enum ChartDrawing {
    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    /// Lower blocks, for columns.
    static let lowerEighths = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇"]
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

    /// One sparkline per day, all on one scale (so a quiet day looks quiet beside a busy one).
    static func sparklines(_ c: Chart, options: RenderOptions) -> String {
        let labelWidth = c.series.map(\.label.count).max() ?? 0
        let all = c.series.flatMap { $0.values.compactMap(\.doubleValue) }
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        var lines = ["\(c.metric.rawValue), \(c.hours.label), one sparkline per day on one scale: \(sparks[0]) \(NumberFormat.text(v: lo, options)) to \(sparks[7]) \(NumberFormat.text(v: hi, options))"]
        for s in c.series {
            var line = ""
            for v in s.values {
                guard let x = v.doubleValue else { line += " "; continue }
                let k = hi > lo ? Int(((x - lo) / (hi - lo) * 7).rounded()) : 0
                line += sparks[k]
            }
            let pad = String(repeating: " ", count: labelWidth - s.label.count)
            let dayMax = s.values.compactMap(\.doubleValue).max() ?? 0
            lines.append("\(s.label)\(pad)  \(line)  max \(NumberFormat.text(v: dayMax, options))")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    // MARK: - Plots of queries

    static func render(_ p: Plot, options: RenderOptions) -> String {
        p.isHeatmap ? heatmap(p, options: options) : bars(p, options: options)
    }

    /// True when a one-key plot runs over time (`by date`, or `by day` of one campaign) and has no
    /// negative value: it is drawn as columns in time order rather than bars down the page.
    static func overTime(_ p: Plot) -> Bool {
        guard !p.isHeatmap, p.rowLabels.count >= 2, !p.values.contains(where: { ($0[0].doubleValue ?? 0) < 0 }) else { return false }
        switch p.keyNames[0] {
        case "date": return true
        case "day": return Set(p.rowLabels.map { $0.split(separator: "@").first ?? "" }).count == 1
        default: return false
        }
    }

    /// Columns over time: eight rows of eighths, the highest value at the top left, the first and
    /// last key under the axis. Falls back to bars when the columns do not fit the terminal.
    static func columns(_ p: Plot, options: RenderOptions) -> String? {
        let values = p.values.map { $0[0].doubleValue ?? 0 }
        let top = values.max() ?? 0
        let topText = NumberFormat.text(v: top, options)
        let axisWidth = max(topText.count, 1) + 1
        let room = (options.width ?? 100) - axisWidth - 1
        guard top > 0, values.count <= room else { return nil }
        let colWidth = max(1, min(3, room / values.count))
        let rows = 8
        var lines = Wrap.lines(p.title, width: options.width, hanging: 2)
        let heights = values.map { Int(($0 / top * Double(rows * 8)).rounded()) }
        for r in (0..<rows).reversed() {
            let label = r == rows - 1 ? topText : ""
            var line = String(repeating: " ", count: axisWidth - 1 - label.count) + label + (r == rows - 1 ? "┤" : "│")
            for h in heights {
                let inRow = max(0, min(8, h - r * 8))
                let block = inRow == 0 ? " " : (inRow == 8 ? "█" : lowerEighths[inRow])
                line += String(repeating: block, count: colWidth == 1 ? 1 : colWidth - 1) + (colWidth == 1 ? "" : " ")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        let span = heights.count * colWidth
        lines.append(String(repeating: " ", count: axisWidth - 2) + "0┼" + String(repeating: "─", count: span))
        let first = p.rowLabels[0], last = p.rowLabels[p.rowLabels.count - 1]
        let gap = max(1, span - first.count - last.count)
        lines.append(String(repeating: " ", count: axisWidth) + first + String(repeating: " ", count: gap) + last)
        return lines.map { $0 + "\n" }.joined()
    }

    /// One bar per group, the label and value before it.
    static func bars(_ p: Plot, options: RenderOptions) -> String {
        if overTime(p), let drawn = columns(p, options: options) { return drawn }
        let values = p.values.map { $0[0] }
        let texts = values.map { NumberFormat.text($0, precision: options.precision, null: options.null) }
        let labelWidth = max(p.keyNames[0].count, p.rowLabels.map(\.count).max() ?? 0)
        let valueWidth = texts.map(\.count).max() ?? 1
        let maxBar = max(10, min(60, (options.width ?? 80) - labelWidth - valueWidth - 3))
        let top = values.compactMap { $0.doubleValue.map(abs) }.max() ?? 0
        var lines = [p.title]
        for (i, label) in p.rowLabels.enumerated() {
            let v = values[i].doubleValue ?? 0
            var bar = ""
            if top > 0, v != 0 {
                let units = Int((abs(v) / top * Double(maxBar * 8)).rounded())
                // A negative value: a lighter bar, whole blocks only.
                bar = v > 0 ? String(repeating: "█", count: units / 8) + eighths[units % 8] : String(repeating: "░", count: max(1, units / 8))
            }
            lines.append(pad(label, labelWidth) + " " + String(repeating: " ", count: valueWidth - texts[i].count) + texts[i] + " " + bar)
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static let shades = ["░", "▒", "▓", "█"]
    /// Background colours (xterm 256) for the four shades, light to dark.
    static let shadeColors = [153, 111, 69, 25]

    /// A grid: the first key down, the second across, each cell shaded by its value.
    static func heatmap(_ p: Plot, options: RenderOptions) -> String {
        let all = p.values.flatMap { $0.compactMap(\.doubleValue) }
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        let corner = p.keyNames[0] + "\\" + p.keyNames[1]
        let labelWidth = max(corner.count, p.rowLabels.map(\.count).max() ?? 0)
        let cellWidth = max(2, p.columnLabels.map(\.count).max() ?? 1)
        // Four shades over round intervals (1, 2, 2.5, 5 × 10ⁿ wide) from a round number at or below
        // the lowest value: a legend of integer sums reads in whole numbers.
        let step = NiceScale.stepBelow(hi - lo, parts: 4)
        let base = (lo / step).rounded(.down) * step
        func level(_ x: Double) -> Int { hi > lo ? max(0, min(3, Int((x - base) / step))) : 3 }
        func cell(_ v: Number) -> String {
            guard let x = v.doubleValue else { return String(repeating: "·", count: cellWidth) }
            let k = level(x)
            if options.color { return "\u{1B}[48;5;\(shadeColors[k])m" + String(repeating: " ", count: cellWidth) + Renderer.reset }
            return String(repeating: shades[k], count: cellWidth)
        }
        var lines = Wrap.lines(p.title, width: options.width, hanging: 2)
        // Too wide for the terminal with a blank between cells: cells side by side, and a column
        // label over every other column (each label then has two cells of room).
        let gap = options.width.map { labelWidth + 1 + p.columnLabels.count * (cellWidth + 1) - 1 > $0 } == true ? "" : " "
        // The legend: what each shade stands for.
        var legend: [String] = []
        for k in 0..<4 {
            let a = base + step * Double(k), b = k == 3 ? hi : base + step * Double(k + 1)
            let swatch = options.color ? "\u{1B}[48;5;\(shadeColors[k])m  \(Renderer.reset)" : shades[k] + shades[k]
            if hi > lo { legend.append("\(swatch) \(NumberFormat.text(v: a, options))–\(NumberFormat.text(v: b, options))") }
            else if k == 3 { legend.append("\(swatch) \(NumberFormat.text(v: hi, options))") }
        }
        legend.append(String(repeating: "·", count: 2) + " no value")
        let legendLine = "\(p.valueName): " + legend.joined(separator: "  ")
        // A legend wider than the terminal: one shade a line (measured without colour escapes).
        let legendWidth = p.valueName.count + 2 + legend.map { $0.replacingOccurrences(of: "\u{1B}[48;5;", with: "").count }.reduce(0, +) + 2 * legend.count
        if let w = options.width, legendWidth > w {
            lines.append("\(p.valueName):")
            lines += legend.map { "  " + $0 }
        } else {
            lines.append(legendLine)
        }
        var header = pad(corner, labelWidth) + " "
        if gap.isEmpty {
            for (k, label) in p.columnLabels.enumerated() where k % 2 == 0 {
                header += label + String(repeating: " ", count: max(0, 2 * cellWidth - label.count))
            }
            while header.hasSuffix(" ") { header.removeLast() }
        } else {
            header += p.columnLabels.map { String(repeating: " ", count: cellWidth - $0.count) + $0 }.joined(separator: gap)
        }
        lines.append(header)
        for (r, label) in p.rowLabels.enumerated() {
            lines.append(pad(label, labelWidth) + " " + p.values[r].map(cell).joined(separator: gap))
        }
        if gap.isEmpty {
            lines += Wrap.lines("(cells side by side and a label over every other column, to fit the terminal; a wider window shows them all)",
                                width: options.width, hanging: 1)
        }
        return lines.map { $0 + "\n" }.joined()
    }

    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
}

extension NumberFormat {
    static func text(v: Double, _ options: RenderOptions) -> String {
        v == v.rounded() && v.magnitude < 1e15 ? String(Int64(v)) : fixed(v, places: options.precision)
    }
}
