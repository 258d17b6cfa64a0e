import CXQCore

/// The aligned table of the `table` format: a title, a header, a rule, the rows. When the
/// table is wider than the terminal, each row is shown as `column: value` lines instead
/// (psql's expanded display).
enum TableLayout {
    static func render(_ t: Table, options: RenderOptions) -> String {
        var lines: [String] = []
        if let title = t.title { lines.append(options.color ? Renderer.bold + title + Renderer.reset : title) }
        guard !t.columns.isEmpty else { return lines.map { $0 + "\n" }.joined() }
        let texts = t.rows.map { row in row.map { NumberFormat.text($0, precision: options.precision, null: options.null) } }
        let numeric = Renderer.numericColumns(t)
        var widths = t.columns.map(\.displayWidth)
        for row in texts {
            for (i, s) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], s.displayWidth) }
        }
        let total = widths.reduce(0, +) + 2 * (widths.count - 1)
        if let limit = options.width, total > limit, !t.rows.isEmpty {
            return (lines + expanded(t, texts)).map { $0 + "\n" }.joined()
        }
        func pad(_ s: String, _ i: Int) -> String {
            let gap = String(repeating: " ", count: max(0, widths[i] - s.displayWidth))
            return numeric.contains(i) ? gap + s : s + gap
        }
        func join(_ cells: [String]) -> String {
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        lines.append(join(t.columns.indices.map { pad(t.columns[$0], $0) }))
        lines.append(join(widths.map { String(repeating: "-", count: $0) }))
        for (r, row) in texts.enumerated() {
            var cells: [String] = []
            for (i, s) in row.enumerated() where i < widths.count {
                var cell = pad(s, i)
                if options.color, t.signedColumns.contains(i) {
                    let sign: Int
                    switch t.rows[r][i] {
                    case .int(let v): sign = v > 0 ? 1 : (v < 0 ? -1 : 0)
                    case .double(let d): sign = d > 0 ? 1 : (d < 0 ? -1 : 0)
                    default: sign = 0
                    }
                    if sign > 0 { cell = Renderer.green + cell + Renderer.reset }
                    if sign < 0 { cell = Renderer.red + cell + Renderer.reset }
                }
                cells.append(cell)
            }
            lines.append(join(cells))
        }
        if t.rows.isEmpty { lines.append("(no rows)") }
        return lines.map { $0 + "\n" }.joined()
    }

    static func expanded(_ t: Table, _ texts: [[String]]) -> [String] {
        let w = t.columns.map(\.displayWidth).max() ?? 0
        var lines: [String] = []
        for (r, row) in texts.enumerated() {
            lines.append("-[ row \(r + 1) ]" + String(repeating: "-", count: max(0, w - 6)))
            for (i, s) in row.enumerated() where i < t.columns.count {
                lines.append(t.columns[i] + String(repeating: " ", count: w - t.columns[i].displayWidth) + " | " + s)
            }
        }
        return lines
    }
}
