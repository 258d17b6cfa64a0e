import Foundation
import Testing
import CXQCore
@testable import CXQShell

/// Charts as pictures: `chart … to FILE.svg` rendered for real with `rsvg-convert` (Debian's
/// `librsvg2-bin`, installed by `make deps` and CI), and the PNG looked at by
/// `scripts/png_stats.py` (size, colours, share of pixels that are not paper).
@Suite struct PictureTests {
    struct PNGStats: Decodable {
        var width: Int
        var height: Int
        var colors: Int
        var ink: Double
    }

    /// Runs a program; its standard output, or a failure naming it.
    static func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey:
                "\(arguments.joined(separator: " ")) failed: \(String(decoding: problem, as: UTF8.self))"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The SVG's declared size.
    static func declaredSize(_ svg: String) -> (Int, Int)? {
        func attribute(_ name: String) -> Int? {
            guard let r = svg.range(of: " \(name)=\"") else { return nil }
            return Int(svg[r.upperBound...].prefix { $0.isNumber })
        }
        guard let w = attribute("width"), let h = attribute("height") else { return nil }
        return (w, h)
    }

    /// Writes a chart with cxq, renders it to PNG and measures the PNG.
    static func render(_ chart: String, setup: String) throws -> (svg: String, png: PNGStats) {
        let dir = temporaryDirectory()
        let svgPath = dir.appendingPathComponent("chart.svg").path
        let (out, err, ok) = runScript("\(setup)\n\(chart) to \(svgPath)\n")
        #expect(ok, "\(err)")
        #expect(out.contains("to \(svgPath)"), "\(out)")
        let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
        let pngPath = dir.appendingPathComponent("chart.png").path
        _ = try run(["rsvg-convert", svgPath, "-o", pngPath])
        let json = try run(["python3", packageRoot.appendingPathComponent("scripts/png_stats.py").path, pngPath])
        return (svg, try JSONDecoder().decode(PNGStats.self, from: Data(json.utf8)))
    }

    @Test func aHeatmapRendersWithTitleAxesLegendAndValues() throws {
        let (svg, png) = try Self.render("chart sum results by weekday, hour of camp123",
                                         setup: "load camp123 2025-07-28..2025-08-24")
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<title>sum(results) by weekday and hour, 28 days, all hours</title>"))
        for label in [">weekday<", ">hour<", ">mon<", ">sun<", ">23<", ">no value<", ">sum(results):<"] {
            #expect(svg.contains(label), "the heatmap shows \(label)")
        }
        let size = try #require(Self.declaredSize(svg))
        #expect(png.width == size.0 && png.height == size.1, "the PNG has the SVG's size")
        #expect(png.width >= 700 && png.height >= 300)
        #expect(png.colors > 50, "shades, text and lines: \(png.colors) colours")
        #expect(png.ink > 0.2, "the grid fills the picture: \(png.ink)")
    }

    @Test func barsRenderWithAValueAxis() throws {
        let (svg, png) = try Self.render("chart sum credits by weekday of camp123",
                                         setup: "load camp123 2025-08-01..2025-08-14")
        #expect(svg.contains(">mon<") && svg.contains(">sun<"))
        #expect(svg.contains(">sum(credits)<"), "the value axis is named")
        #expect(svg.components(separatedBy: "<rect").count - 1 >= 8, "a bar per weekday and the paper")
        let size = try #require(Self.declaredSize(svg))
        #expect(png.width == size.0 && png.height == size.1)
        #expect(png.colors > 10 && png.ink > 0.05, "\(png)")
    }

    /// Over time (`by date`, `by day` of one campaign) a chart is columns in time order, in the
    /// picture and at the terminal.
    @Test func aChartOverTimeIsColumns() throws {
        let (svg, png) = try Self.render("chart sum credits by day of camp123", setup: "load camp123 2025-08-01..2025-08-14")
        #expect(svg.contains(">camp123@2025-08-01<") && svg.contains("rotate(-45"), "key labels turned under the columns")
        #expect(svg.contains(">day<") && svg.contains(">sum(credits)<"))
        let size = try #require(Self.declaredSize(svg))
        #expect(png.width == size.0 && png.height == size.1 && png.ink > 0.05, "\(png)")
        let plot = Plot(title: "t", valueName: "sum(credits)", keyNames: ["date"], rowLabels: ["2025-08-01", "2025-08-02", "2025-08-03"],
                        columnLabels: [], values: [[.int(80)], [.int(40)], [.int(0)]], table: Table(columns: [], rows: []))
        let text = ChartDrawing.render(plot, options: RenderOptions(width: 80))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("80┤██"), "\(text)")
        #expect(lines.contains { $0.hasPrefix(" 0┼") } && lines.last!.contains("2025-08-01") && lines.last!.contains("2025-08-03"), "\(text)")
        let categorical = Plot(title: "t", valueName: "v", keyNames: ["weekday"], rowLabels: ["mon", "tue"], columnLabels: [],
                               values: [[.int(1)], [.int(2)]], table: Table(columns: [], rows: []))
        #expect(ChartDrawing.render(categorical, options: RenderOptions(width: 80)).contains("mon"), "bars for a category")
    }

    @Test func aV1ChartOfSeveralDaysIsADayByHourHeatmap() throws {
        let (svg, png) = try Self.render("chart credits of camp123", setup: "load camp123 2025-08-18..2025-08-24")
        #expect(svg.contains(">day<") && svg.contains(">hour<"))
        #expect(png.ink > 0.2, "\(png)")
    }

    /// Axes and legends at round values (1, 2, 2.5, 5 × 10ⁿ); integer sums give whole-number
    /// labels; no value is hatched, never the lightest shade.
    @Test func ticksAndLegendsAreRoundAndNoValueIsHatched() throws {
        let bars = Plot(title: "t", valueName: "sum(credits)", keyNames: ["day"], rowLabels: ["a", "b", "c"], columnLabels: [],
                        values: [[.int(1041)], [.int(1765)], [.int(3)]], table: Table(columns: [], rows: []))
        let svg = SVGChart.render(bars, precision: 2)
        for tick in ["0", "500", "1000", "1500", "2000"] { #expect(svg.contains(">\(tick)</text>"), "tick \(tick)") }
        #expect(!svg.contains(">1041.50<") && !svg.contains(">1765.10<") && !svg.contains("882.5"))
        let heat = Plot(title: "t", valueName: "sum(results)", keyNames: ["weekday", "hour"], rowLabels: ["mon", "tue"],
                        columnLabels: ["9", "10"], values: [[.int(0), .int(14809)], [.int(7000), .null]], table: Table(columns: [], rows: []))
        let h = SVGChart.render(heat, precision: 2)
        #expect(h.contains("url(#novalue)") && h.contains("<pattern id=\"novalue\""), "no value is hatched")
        #expect(!h.contains("3702.25") && h.contains(">5000</text>") && h.contains(">10000</text>"), "round legend values")
        let plain = ChartDrawing.render(heat, options: RenderOptions(color: false))
        #expect(plain.contains("░░ 0–2500") && plain.contains("██ 7500–14809"), "\(plain)")
    }

    @Test func labelsAreEscaped() {
        let p = Plot(title: "a < b & \"c\"", valueName: "v", keyNames: ["k"], rowLabels: ["<x>"], columnLabels: [],
                             values: [[.int(1)]], table: Table(columns: ["k", "v"], rows: []))
        let svg = SVGChart.render(p, precision: 2)
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot;") && svg.contains("&lt;x&gt;"))
        #expect(!svg.contains("<x>"))
    }

    @Test func heatmapsAtATerminalAndWithout() {
        let plot = Plot(title: "t", valueName: "sum(credits)", keyNames: ["weekday", "hour"], rowLabels: ["mon", "tue"],
                                columnLabels: ["9", "10"], values: [[.int(0), .int(100)], [.int(50), .null]],
                                table: Table(columns: [], rows: []))
        let plain = ChartDrawing.render(plot, options: RenderOptions(color: false))
        #expect(plain.contains("mon          ░░ ██"), "\(plain)")
        #expect(plain.contains("tue          ▓▓ ··"), "\(plain)")
        #expect(plain.contains("░░ 0–25") && plain.contains("██ 75–100") && plain.contains("·· no value"))
        #expect(!plain.contains("\u{1B}["))
        let coloured = ChartDrawing.render(plot, options: RenderOptions(color: true))
        #expect(coloured.contains("\u{1B}[48;5;25m"), "the darkest shade as a background colour")
    }
}
