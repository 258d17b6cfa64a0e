import CXQCore

/// The aligned table of the `table` format: a title, a header, a rule, the rows. When the
/// table is wider than the terminal, each row is shown as `column: value` lines instead
/// (psql's expanded display).
enum TableLayout {
    static func render(_ table: Table, options: RenderOptions) -> String {
        var t = table
        var lines: [String] = []
        if let title = t.title {
            for line in Wrap.lines(title, width: options.width, hanging: 2) {
                lines.append(options.color ? Renderer.bold + line + Renderer.reset : line)
            }
        }
        guard !t.columns.isEmpty else { return lines.map { $0 + "\n" }.joined() }
        var texts = texts0(t, options)
        var widths = t.columns.map(\.displayWidth)
        for row in texts {
            for (i, s) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], s.displayWidth) }
        }
        var total = widths.reduce(0, +) + 2 * (widths.count - 1)
        // Too wide: leave out the columns the table says it can spare, then show rows one field
        // per line.
        if let limit = options.width, total > limit, !t.rows.isEmpty {
            var dropped: [String] = []
            var keep = Array(t.columns.indices)
            for i in t.narrowDrops where total > limit {
                total -= widths[i] + 2
                dropped.append(t.columns[i])
                keep.removeAll { $0 == i }
            }
            t.columns = keep.map { t.columns[$0] }
            widths = keep.map { widths[$0] }
            texts = texts.map { row in keep.map { row[$0] } }
            t.rows = t.rows.map { row in keep.map { row[$0] } }
            t.signedColumns = Set(keep.indices.filter { table.signedColumns.contains(keep[$0]) })
            if total > limit { return (lines + expanded(table, texts0(table, options))).map { $0 + "\n" }.joined() }
            if !dropped.isEmpty {
                lines += Wrap.lines("(\(dropped.joined(separator: ", ")) left out to fit the terminal; a wider window or 'set format csv' shows them)",
                                    width: options.width, hanging: 1)
            }
        }
        let numeric = Renderer.numericColumns(t)
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

    static func texts0(_ t: Table, _ options: RenderOptions) -> [[String]] {
        t.rows.map { row in row.map { NumberFormat.text($0, precision: options.precision, null: options.null) } }
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
