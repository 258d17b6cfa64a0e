import CXQCore

/// `chart … to FILE.svg`: a standalone SVG image of a plot — a title, labelled axes, the values
/// written on the chart, and a legend for a heatmap. No scripts, no external fonts or files.
public enum SVGChart {
    static let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
    /// Light to dark (ColorBrewer "Blues"), for bars and heatmap shades.
    static let ramp: [(Double, Double, Double)] = [(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)]

    public static func render(_ p: Plot, precision: Int) -> String {
        p.isHeatmap ? heatmap(p, precision: precision) : bars(p, precision: precision)
    }

    /// About 6.5 pixels per character at 12px.
    static func textWidth(_ s: String, size: Double = 12) -> Double { Double(s.count) * size * 0.6 }

    static func number(_ v: Double) -> String { NumberFormat.fixed(v, places: 1) }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                     weight: String = "normal", fill: String = "#222", extra: String = "") -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" \(font) font-size=\"\(number(size))\" text-anchor=\"\(anchor)\" "
            + "font-weight=\"\(weight)\" fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)>\(escape(s))</text>\n"
    }

    static func rect(x: Double, y: Double, w: Double, h: Double, fill: String, extra: String = "") -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(w))\" height=\"\(number(h))\" fill=\"\(fill)\"\(extra.isEmpty ? "" : " " + extra)/>\n"
    }

    /// A colour of the ramp at t in 0…1.
    static func color(_ t: Double) -> String {
        let x = max(0, min(1, t)) * Double(ramp.count - 1)
        let i = min(ramp.count - 2, Int(x)), f = x - Double(i)
        let a = ramp[i], b = ramp[i + 1]
        func hex(_ v: Double) -> String {
            let n = Int((v).rounded())
            let digits = Array("0123456789abcdef")
            return String([digits[n / 16], digits[n % 16]])
        }
        return "#" + hex(a.0 + (b.0 - a.0) * f) + hex(a.1 + (b.1 - a.1) * f) + hex(a.2 + (b.2 - a.2) * f)
    }

    static func document(width: Double, height: Double, title: String, body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
            + "<title>\(escape(title))</title>\n"
            + "<defs><pattern id=\"novalue\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" stroke-width=\"2\"/></pattern></defs>\n"
            + rect(x: 0, y: 0, w: width, h: height, fill: "#ffffff")
            + body + "</svg>\n"
    }

    /// Columns over time (`by date`, `by day` of one campaign): time along the bottom, a value axis
    /// with round ticks up the left, a key label under every column that has room for one.
    static func columns(_ p: Plot, precision: Int) -> String {
        let values = p.values.map { $0[0].doubleValue ?? 0 }
        let ticks = NiceScale.ticks(0, values.max() ?? 0)
        let hi = ticks.last! > 0 ? ticks.last! : 1
        let n = Double(values.count)
        let colW = max(6, min(40, 760 / n)), plotH = 260.0
        // Room on the left for the value labels, and for the first key label turned under the axis.
        let left = max(60, (ticks.map { textWidth(NumberFormat.text(Number.double($0), precision: 0, null: "-"), size: 11) }.max() ?? 0) + 24,
                       textWidth(p.rowLabels[0], size: 10) * 0.72 + 10)
        let top = 56.0, plotW = colW * n
        let labelRoom = (p.rowLabels.map { textWidth($0, size: 10) }.max() ?? 0) * 0.75 + 20
        let width = max(left + plotW + 30, 460), height = top + plotH + labelRoom + 40
        func yOf(_ v: Double) -> Double { top + plotH - v / hi * plotH }
        var body = text(p.title, x: 10, y: 24, size: 15, weight: "bold")
        for t in ticks {
            let y = yOf(t)
            body += "<line x1=\"\(number(left - 5))\" y1=\"\(number(y))\" x2=\"\(number(left + plotW))\" y2=\"\(number(y))\" stroke=\"\(t == 0 ? "#555" : "#eee")\"/>\n"
            body += text(NumberFormat.text(Number.double(t), precision: t == t.rounded() ? 0 : precision, null: "-"), x: left - 8, y: y + 4, size: 11, anchor: "end", fill: "#555")
        }
        // A label under every k-th column: as many as fit side by side when turned.
        let every = max(1, Int((14 / colW).rounded(.up)))
        for (i, v) in values.enumerated() {
            let x = left + Double(i) * colW
            body += rect(x: x + colW * 0.1, y: yOf(v), w: colW * 0.8, h: max(0, plotH - (yOf(v) - top)), fill: color(0.7))
            if i % every == 0 {
                let lx = x + colW / 2, ly = top + plotH + 12
                body += text(p.rowLabels[i], x: lx, y: ly, size: 10, anchor: "end", fill: "#333",
                             extra: "transform=\"rotate(-45 \(number(lx)) \(number(ly)))\"")
            }
        }
        body += text(p.keyNames[0], x: left + plotW / 2, y: height - 12, size: 12, anchor: "middle", weight: "bold", fill: "#555")
        body += text(p.valueName, x: 16, y: top + plotH / 2, size: 12, anchor: "middle", weight: "bold", fill: "#555",
                     extra: "transform=\"rotate(-90 16 \(number(top + plotH / 2)))\"")
        return document(width: width, height: height, title: p.title, body: body)
    }

    /// Horizontal bars: the key's labels down the left, a value axis along the bottom.
    static func bars(_ p: Plot, precision: Int) -> String {
        if ChartDrawing.overTime(p) { return columns(p, precision: precision) }
        let values = p.values.map { $0[0].doubleValue }
        let texts = p.values.map { NumberFormat.text($0[0], precision: precision, null: "-") }
        let labelWidth = max(textWidth(p.keyNames[0]), p.rowLabels.map { textWidth($0) }.max() ?? 0)
        let left = labelWidth + 30, plotWidth = 520.0, rowHeight = 22.0, top = 56.0
        let ticks = NiceScale.ticks(min(0, values.compactMap { $0 }.min() ?? 0), max(0, values.compactMap { $0 }.max() ?? 0))
        let lo = ticks.first!, hi = ticks.last!
        let span = hi > lo ? hi - lo : 1
        func xOf(_ v: Double) -> Double { left + (v - lo) / span * plotWidth }
        let valueRoom = (texts.map { textWidth($0, size: 11) }.max() ?? 0) + 16
        let width = left + plotWidth + valueRoom + 10
        let plotHeight = rowHeight * Double(max(1, p.rowLabels.count))
        let height = top + plotHeight + 56
        var body = text(p.title, x: 10, y: 24, size: 15, weight: "bold")
        body += text(p.keyNames[0], x: 10, y: top - 8, size: 11, weight: "bold", fill: "#555")
        for (i, label) in p.rowLabels.enumerated() {
            let y = top + Double(i) * rowHeight
            body += text(label, x: left - 8, y: y + rowHeight * 0.68, size: 12, anchor: "end")
            if let v = values[i] {
                let x0 = xOf(min(0, v)), x1 = xOf(max(0, v))
                body += rect(x: x0, y: y + 3, w: max(x1 - x0, 0.5), h: rowHeight - 6, fill: v < 0 ? "#e6550d" : color(0.7))
                body += text(texts[i], x: x1 + 4, y: y + rowHeight * 0.68, size: 11, fill: "#333")
            }
        }
        // The value axis: a line, ticks at round values (1, 2, 2.5, 5 × 10ⁿ), the value's name under it.
        let axisY = top + plotHeight + 4
        body += "<line x1=\"\(number(left))\" y1=\"\(number(axisY))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(axisY))\" stroke=\"#555\"/>\n"
        body += "<line x1=\"\(number(xOf(0)))\" y1=\"\(number(top))\" x2=\"\(number(xOf(0)))\" y2=\"\(number(axisY))\" stroke=\"#555\"/>\n"
        for t in ticks {
            let x = xOf(t)
            body += "<line x1=\"\(number(x))\" y1=\"\(number(axisY))\" x2=\"\(number(x))\" y2=\"\(number(axisY + 5))\" stroke=\"#555\"/>\n"
            body += text(NumberFormat.text(Number.double(t), precision: t == t.rounded() ? 0 : precision, null: "-"), x: x, y: axisY + 18, size: 11, anchor: "middle", fill: "#555")
        }
        body += text(p.valueName, x: left + plotWidth / 2, y: axisY + 38, size: 12, anchor: "middle", weight: "bold", fill: "#555")
        return document(width: width, height: height, title: p.title, body: body)
    }

    /// A grid: the first key down, the second across, a shade per value, the value in each cell,
    /// and a legend of the shades.
    static func heatmap(_ p: Plot, precision: Int) -> String {
        let all = p.values.flatMap { $0.compactMap(\.doubleValue) }
        let lo = all.min() ?? 0, hi = all.max() ?? 0
        let cellTexts = p.values.map { $0.map { NumberFormat.text($0, precision: precision, null: "") } }
        let longest = cellTexts.flatMap { $0 }.map { textWidth($0, size: 9) }.max() ?? 0
        let cellW = max(30, longest + 6, (p.columnLabels.map { textWidth($0, size: 11) }.max() ?? 0) + 6)
        let cellH = 24.0
        let labelWidth = p.rowLabels.map { textWidth($0) }.max() ?? 0
        let left = labelWidth + 40, top = 76.0
        let gridW = cellW * Double(p.columnLabels.count), gridH = cellH * Double(p.rowLabels.count)
        let width = max(left + gridW + 20, 460), height = top + gridH + 90
        var body = text(p.title, x: 10, y: 24, size: 15, weight: "bold")
        body += text(p.keyNames[1], x: left + gridW / 2, y: top - 28, size: 11, anchor: "middle", weight: "bold", fill: "#555")
        body += text(p.keyNames[0], x: 14, y: top + gridH / 2, size: 11, anchor: "middle", weight: "bold", fill: "#555",
                     extra: "transform=\"rotate(-90 14 \(number(top + gridH / 2)))\"")
        for (c, label) in p.columnLabels.enumerated() {
            body += text(label, x: left + (Double(c) + 0.5) * cellW, y: top - 8, size: 11, anchor: "middle")
        }
        for (r, label) in p.rowLabels.enumerated() {
            let y = top + Double(r) * cellH
            body += text(label, x: left - 8, y: y + cellH * 0.66, size: 12, anchor: "end")
            for (c, v) in p.values[r].enumerated() {
                let x = left + Double(c) * cellW
                guard let value = v.doubleValue else {
                    body += rect(x: x, y: y, w: cellW, h: cellH, fill: "url(#novalue)", extra: "stroke=\"#bbb\"")
                    continue
                }
                let t = hi > lo ? (value - lo) / (hi - lo) : 1
                body += rect(x: x, y: y, w: cellW, h: cellH, fill: color(t), extra: "stroke=\"#ffffff\"")
                body += text(cellTexts[r][c], x: x + cellW / 2, y: y + cellH * 0.64, size: 9, anchor: "middle",
                             fill: t > 0.55 ? "#ffffff" : "#222")
            }
        }
        // The legend: swatches at round values from the lowest to the highest, and a hatched
        // swatch for no value (never mistaken for the lightest shade).
        let legendY = top + gridH + 24
        body += text("\(p.valueName):", x: left, y: legendY + 13, size: 11, weight: "bold", fill: "#555")
        var x = left + textWidth(p.valueName + ":", size: 11) + 10
        for v in NiceScale.ticks(lo, hi, parts: 4) where v >= lo - 1e-9 && v <= hi + 1e-9 || hi == lo {
            let t = hi > lo ? (v - lo) / (hi - lo) : 1
            body += rect(x: x, y: legendY, w: 18, h: 18, fill: color(t), extra: "stroke=\"#999\"")
            let label = NumberFormat.text(Number.double(v), precision: v == v.rounded() ? 0 : precision, null: "-")
            body += text(label, x: x + 22, y: legendY + 13, size: 11)
            x += 22 + textWidth(label, size: 11) + 14
        }
        body += rect(x: x, y: legendY, w: 18, h: 18, fill: "url(#novalue)", extra: "stroke=\"#bbb\"")
        body += text("no value", x: x + 22, y: legendY + 13, size: 11)
        let needed = x + 22 + textWidth("no value", size: 11) + 10
        return document(width: max(width, needed), height: height, title: p.title, body: body)
    }
}
