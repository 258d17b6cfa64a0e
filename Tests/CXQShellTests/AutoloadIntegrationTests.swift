import Foundation
import Testing
import CXQCore
import CXQShell

/// Autoload and the B sides of `compare`, against closerx-sim on 127.0.0.1 through the real
/// client and store.
@Suite struct AutoloadIntegrationTests {
    let i = IntegrationTests()

    func total(_ c: String, _ y: Int, _ m: Int, _ d: Int, _ s: Day.Series = .credits) -> Int64 {
        try! DemoGenerator.day(campaign: c, date: CivilDate(year: y, month: m, day: d)!).total(s)
    }

    @Test func aColdStartQueryFetchesItsDaysThenTheStoreServesThem() throws {
        let home = temporaryDirectory()
        let first = try i.run(["--verbose", "--format", "csv", "-c", "sum credits of al1@2025-08-18..2025-08-20; days"], home: home)
        #expect(first.status == 0, "\(first.err)")
        #expect(i.requests(first.err, campaign: "al1") == 3)
        let expected = total("al1", 2025, 8, 18) + total("al1", 2025, 8, 19) + total("al1", 2025, 8, 20)
        #expect(first.out.hasPrefix("\(expected)\n"))
        #expect(first.out.contains(",al1,2025-08-20,"), "autoloaded days join the workspace")
        #expect(!first.out.contains(",*,"), "the current day does not change")
        let second = try i.run(["--verbose", "--format", "csv", "-c", "sum credits of al1@2025-08-18..2025-08-20"], home: home)
        #expect(i.requests(second.err, campaign: "al1") == 0, "the store first")
        #expect(second.out == "\(expected)\n")
    }

    @Test func aFailedAutoloadFailsTheCommandAndLeavesTheWorkspace() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--keep-going", "--format", "json", "-c",
                           "load ok1 2025-08-20; sum credits of ok1@2025-08-21, fault-503@2025-08-21; days"],
                          home: home, extra: ["CXQ_REQUEST_TIMEOUT": "1"])
        #expect(r.status == 3, "a fetch failure")
        let lines = r.out.split(separator: "\n").map(String.init)
        let error = try #require(lines.first { $0.contains("\"kind\":\"error\"") })
        #expect(error.contains("\"category\":\"fetch\""))
        #expect(error.contains("\"failed\":[{\"campaign\":\"fault-503\",\"date\":\"2025-08-21\""))
        let days = try #require(lines.last)
        #expect(days.contains("ok1\",\"2025-08-20\""))
        #expect(!days.contains("2025-08-21"), "neither the failed day nor the one that arrived for it is kept")
    }

    @Test func offsetAndBaselineDaysStayOutOfTheWorkspace() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--verbose", "--format", "csv", "-c",
                           "load bl1 2025-08-23; compare offset 1w credits; compare baseline 4w results; days"], home: home)
        #expect(r.status == 0, "\(r.err)")
        // The day, its offset day 08-16, and the baseline's 08-09, 08-02, 07-26 (08-16 is asked once).
        #expect(i.requests(r.err, campaign: "bl1") == 1 + 1 + 3)
        let rows = r.out.split(separator: "\n")
        let total1 = try #require(rows.first { $0.hasPrefix("total,") })
        #expect(total1.hasPrefix("total,\(total("bl1", 2025, 8, 23)),\(total("bl1", 2025, 8, 16)),"))
        #expect(r.out.components(separatedBy: ",bl1,").count == 2, "only the loaded day is in the workspace")
        let again = try i.run(["--verbose", "--format", "csv", "-c", "load bl1 2025-08-23; compare baseline 4w results"], home: home)
        #expect(i.requests(again.err, campaign: "bl1") == 0, "the baseline days are in the store")
    }

    @Test func missingBaselineDaysAreLeftOutAndAMissingOffsetDayIsNamed() throws {
        let home = temporaryDirectory()
        // gappy has no data before 2025-08-01: of the 4 Saturdays before 2025-08-16 only 08-09 and 08-02 exist.
        let r = try i.run(["--format", "csv", "-c", "load gappy1 2025-08-16; compare baseline 4w credits hours 10"], home: home)
        #expect(r.status == 0, "\(r.err)")
        let a = DemoGenerator.day(campaign: "gappy1", date: CivilDate(year: 2025, month: 8, day: 9)!).value(.credits, 10)
        let b = DemoGenerator.day(campaign: "gappy1", date: CivilDate(year: 2025, month: 8, day: 2)!).value(.credits, 10)
        let median = Double(a + b) / 2
        #expect(r.out.contains("\n10,\(DemoGenerator.day(campaign: "gappy1", date: CivilDate(year: 2025, month: 8, day: 16)!).value(.credits, 10)),\(NumberFormat.exact(median)),"), "\(r.out)")
        // The offset day is one the comparison itself needs: a fetch failure, in the server's words.
        let o = try i.run(["-c", "load gappy1 2025-08-05; compare offset 1w"], home: home)
        #expect(o.status == 3)
        #expect(o.err.contains("gappy1@2025-07-29: no data at the source (the server said: \"No data for this day.\") (1 week before gappy1@2025-08-05)"), "\(o.err)")
        let none = try i.run(["-c", "load gappy1 2025-08-02; compare baseline 2w"], home: home)
        #expect(none.status == 1)
        #expect(none.err.contains("gappy1@2025-08-02 has no baseline"), "\(none.err)")
    }

    @Test func loadTakesCampaignListsAndNamesEveryDay() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--format", "json", "-c", "load ls1,ls2 2025-08-01..2025-08-03 as trio; sum credits of $trio; days"], home: home)
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("{\"kind\":\"message\",\"command\":\"load ls1,ls2 2025-08-01..2025-08-03 as trio\",\"text\":\"loaded 6 days of ls1, ls2 (2025-08-01..2025-08-03): 6 fetched\",\"loaded\":[{\"campaign\":\"ls1\",\"date\":\"2025-08-01\",\"source\":\"api\"}"))
        #expect(lines[0].hasSuffix("\"failed\":[]}"))
        var sum: Int64 = 0
        for c in ["ls1", "ls2"] { for d in 1...3 { sum += total(c, 2025, 8, d) } }
        #expect(lines[1].hasSuffix("\"value\":\(sum)}"))
        // Numbered campaign as listed, then date.
        #expect(lines[2].contains("[1,\"\",\"$trio\",\"ls1\",\"2025-08-01\""))
        #expect(lines[2].contains("[4,\"\",\"$trio\",\"ls2\",\"2025-08-01\""))
    }

    @Test func aValueCanBeWrittenToAFile() throws {
        let home = temporaryDirectory()
        let csv = home.appendingPathComponent("byday.csv").path
        let json = home.appendingPathComponent("total.json").path
        let r = try i.run(["-c", "load wr1 2025-08-01..2025-08-03; sum credits by day of wr1 to \(csv); sum credits of wr1 to '\(json)'"], home: home)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("wrote 3 rows to \(csv)"))
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text == "day,sum(credits)\n" + (1...3).map { "wr1@2025-08-0\($0),\(total("wr1", 2025, 8, $0))" }.joined(separator: "\n") + "\n")
        let object = try String(contentsOfFile: json, encoding: .utf8)
        #expect(object.hasPrefix("{\"kind\":\"scalar\",\"command\":\"sum credits of wr1 to '\(json)'\",\"metric\":\"credits\""))
    }
}
