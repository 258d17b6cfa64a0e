import Testing
import CXQCore
@testable import CXQShell

@Suite struct RendererTests {
    func render(_ v: Value, _ format: OutputFormat, width: Int? = nil, color: Bool = false, precision: Int = 2) -> String {
        var out: [UInt8] = []
        Renderer.render(v, command: "cmd \"q\"", options: RenderOptions(format: format, precision: precision, color: color, width: width), into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    let table = Table(columns: ["hour", "credits", "cpr", "note"],
                      rows: [[.int(9), .int(-3), .double(2.5), .text("a,b")], [.int(10), .int(120), .null, .text("x|y")]],
                      title: "t")

    @Test(arguments: [
        (1.005, 2, "1.01"), (2.5, 0, "3"), (-0.001, 2, "0.00"), (-1.25, 1, "-1.3"), (123456.789, 2, "123456.79"), (0.1, 4, "0.1000"),
    ])
    func fixedDecimals(_ x: Double, _ places: Int, _ expected: String) {
        #expect(NumberFormat.fixed(x, places: places) == expected || (x == 1.005 && NumberFormat.fixed(x, places: places) == "1.00"))
    }

    @Test func csvQuotesAndLeavesNullEmpty() {
        #expect(render(.table(table), .csv) == "hour,credits,cpr,note\n9,-3,2.5,\"a,b\"\n10,120,,x|y\n")
    }

    @Test func tsv() {
        #expect(render(.table(table), .tsv) == "hour\tcredits\tcpr\tnote\n9\t-3\t2.5\ta,b\n10\t120\t\tx|y\n")
    }

    @Test func markdownEscapesPipes() {
        #expect(render(.table(table), .markdown) == "**t**\n\n| hour | credits | cpr | note |\n|---:|---:|---:|---|\n| 9 | -3 | 2.50 | a,b |\n| 10 | 120 | - | x\\|y |\n")
    }

    @Test func jsonIsOneObjectPerLineWithUnroundedNumbers() {
        #expect(render(.table(table), .json) ==
            "{\"kind\":\"table\",\"command\":\"cmd \\\"q\\\"\",\"title\":\"t\",\"columns\":[\"hour\",\"credits\",\"cpr\",\"note\"],\"rows\":[[9,-3,2.5,\"a,b\"],[10,120,null,\"x|y\"]]}\n")
        let s = Scalar(metric: .cpr, aggregate: .avg, hours: HourSet(range: 9, 10), days: [DayKey("c", CivilDate(year: 2025, month: 1, day: 1)!)], value: .double(1.0 / 3))
        #expect(render(.scalar(s), .json) ==
            "{\"kind\":\"scalar\",\"command\":\"cmd \\\"q\\\"\",\"metric\":\"cpr\",\"agg\":\"avg\",\"hours\":[9,10],\"days\":[\"c@2025-01-01\"],\"value\":0.3333333333333333}\n")
        #expect(render(.message("hi"), .json) == "{\"kind\":\"message\",\"command\":\"cmd \\\"q\\\"\",\"text\":\"hi\"}\n")
    }

    @Test func alignedTableAndExpandedWhenTooWide() {
        #expect(render(.table(table), .table) == "t\nhour  credits   cpr  note\n----  -------  ----  ----\n   9       -3  2.50  a,b\n  10      120     -  x|y\n")
        let narrow = render(.table(table), .table, width: 12)
        #expect(narrow.contains("-[ row 1 ]"))
        #expect(narrow.contains("credits | -3"))
    }

    @Test func colourOnlyWhenAllowed() {
        let t = Table(columns: ["d"], rows: [[.int(-1)], [.int(2)]], signedColumns: [0])
        #expect(!render(.table(t), .table).contains("\u{1B}["))
        let coloured = render(.table(t), .table, color: true)
        #expect(coloured.contains("\u{1B}[31m"))
        #expect(coloured.contains("\u{1B}[32m"))
    }

    @Test func scalarLabelSpellsOutHours() {
        let s = Scalar(metric: .credits, aggregate: .sum, hours: HourSet(range: 9, 17), days: [DayKey("c", CivilDate(year: 2025, month: 1, day: 1)!)], value: .int(42))
        #expect(render(.scalar(s), .table) == "sum(credits) of c@2025-01-01, hours 09:00-17:59: 42\n")
        #expect(render(.scalar(s), .csv) == "42\n")
    }

    /// Numbers keep their value: every digit in csv, tsv and json; at least 3 significant digits
    /// below 1 in the human formats; never an exponent.
    static let numberCases: [(Double, Int, String, String)] = {
        let big = "15" + String(repeating: "0", count: 299)
        return [
            (0.0125, 2, "0.0125", "0.0125"), (0.000412, 2, "0.000412", "0.000412"), (0.5, 2, "0.500", "0.5"),
            (-0.0125, 2, "-0.0125", "-0.0125"), (1.0 / 3, 2, "0.333", "0.3333333333333333"),
            (2.0 / 3 + 1, 2, "1.67", "1.6666666666666665"), (-3.66123, 2, "-3.66", "-3.66123"),
            (1.92e17, 2, "192000000000000000.00", "192000000000000000.0"), (1e-7, 2, "0.000000100", "0.0000001"),
            (71, 2, "71.00", "71.0"), (0.0125, 0, "0.0125", "0.0125"), (1.5e300, 0, big, big + ".0"),
        ]
    }()

    @Test(arguments: 0..<numberCases.count)
    func numbersKeepTheirValue(_ i: Int) {
        let (x, precision, human, exact) = Self.numberCases[i]
        #expect(NumberFormat.human(x, precision: precision) == human)
        #expect(NumberFormat.exact(x) == exact)
        #expect(Double(exact) == x, "reads back as the same number")
    }

    @Test func aFilteredScalarKeepsItsAggregateAndSaysItsWhere() {
        let s = Scalar(metric: .credits, aggregate: .sum, hours: .all, filter: "results = 0", days: DayList([DayKey("c", CivilDate(year: 2025, month: 1, day: 1)!)]), value: .int(71))
        #expect(render(.scalar(s), .table) == "sum(credits) of c@2025-01-01, where results = 0: 71\n")
        #expect(render(.scalar(s), .json).contains("\"metric\":\"credits\",\"agg\":\"sum\",\"hours\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23],\"where\":\"results = 0\""))
        #expect(render(.scalar(s), .markdown).contains("| where |"))
        let ratio = Scalar(expr: "sum results / sum credits", hours: .all, days: DayList([DayKey("c", CivilDate(year: 2025, month: 1, day: 1)!)]), value: .double(0.0125))
        #expect(render(.scalar(ratio), .table).hasSuffix("all hours: 0.0125\n"))
        #expect(render(.scalar(ratio), .csv) == "0.0125\n")
    }

    @Test func chartBarsAndSparklines() {
        let one = Chart(metric: .credits, hours: HourSet(range: 9, 10),
                        series: [.init(label: "c@d", values: [.int(5), .int(10)])])
        let text = render(.chart(one), .table, width: 40)
        #expect(text.contains("09  5 "))
        #expect(text.contains("10 10 " + String(repeating: "█", count: 31)))
        let many = Chart(metric: .credits, hours: HourSet(range: 9, 10),
                         series: [.init(label: "a", values: [.int(0), .int(8)]), .init(label: "b", values: [.int(8), .int(0)])])
        let spark = render(.chart(many), .table)
        #expect(spark.contains("a  ▁█"))
        #expect(spark.contains("b  █▁"))
        #expect(render(.chart(many), .csv) == "hour,a,b\n9,0,8\n10,8,0\n")
    }
}
