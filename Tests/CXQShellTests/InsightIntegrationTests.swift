import Foundation
import Testing
import CXQCore

/// `anomalies` and `brief` against closerx-sim on 127.0.0.1: the day and its baseline weeks are
/// fetched in one round trip through the real client and store, the baseline stays out of the
/// workspace, a missing baseline day is left out, a failed fetch changes nothing.
@Suite struct InsightIntegrationTests {
    let i = IntegrationTests()

    func day(_ c: String, _ m: Int, _ d: Int) -> Day { DemoGenerator.day(campaign: c, date: CivilDate(year: 2025, month: m, day: d)!) }

    /// The anomalies of one day, worked out here from the demo generator the sim serves.
    func expectedAnomalies(_ c: String, _ m: Int, _ d: Int, baseline: [(Int, Int)]) -> [String] {
        let x = day(c, m, d)
        let base = baseline.map { day(c, $0.0, $0.1) }
        var rows: [String] = []
        for h in 0..<24 {
            for s in [Day.Series.credits, .results] {
                let mu = Double(base.map { $0.value(s, h) }.reduce(0, +)) / Double(base.count)
                if abs(Double(x.value(s, h)) - mu) > 3 * max(mu, 1).squareRoot() {
                    rows.append("\(c)@\(x.date),\(h),\(s == .credits ? "credits" : "results"),\(x.value(s, h))")
                }
            }
        }
        return rows
    }

    @Test func anomaliesFetchTheDayAndFourBaselineWeeksAtOnce() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--verbose", "--format", "csv", "-c", "anomalies of an1@2025-08-20 sigma 3; days"], home: home)
        #expect(r.status == 0, "\(r.err)")
        #expect(i.requests(r.err, campaign: "an1") == 5, "the day and 4 Wednesdays before it")
        let expected = expectedAnomalies("an1", 8, 20, baseline: [(8, 13), (8, 6), (7, 30), (7, 23)])
        let rows = r.out.split(separator: "\n").map(String.init).filter { $0.hasPrefix("an1@") }
        #expect(rows.map { $0.split(separator: ",").prefix(4).joined(separator: ",") } == expected)
        #expect(r.out.components(separatedBy: ",an1,").count == 2, "only the day itself joined the workspace")
        let again = try i.run(["--verbose", "-c", "anomalies of an1@2025-08-20"], home: home)
        #expect(i.requests(again.err, campaign: "an1") == 0, "all five are in the store")
        #expect(again.out.contains("in 48 cells checked") || again.out.contains("no anomalies: 48 cells checked"), "\(again.out)")
    }

    @Test func aBaselineDayWithoutDataIsLeftOutAndTooFewAreCounted() throws {
        let home = temporaryDirectory()
        // gappy has no data before 2025-08-01: 08-16 has two baseline Saturdays, 08-09 only one.
        let r = try i.run(["-c", "anomalies of gappy2@2025-08-16; anomalies of gappy2@2025-08-09"], home: home)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("48 cells checked (baseline: the same weekday and hour in the 4 weeks before; band 3σ)\n"), "\(r.out)")
        #expect(r.out.contains("no anomalies: 0 cells checked (baseline: the same weekday and hour in the 4 weeks before; band 3σ); 48 cells skipped: fewer than 2 baseline days"), "\(r.out)")
        let b = try i.run(["--format", "json", "-c", "brief gappy2@2025-08-09"], home: home)
        #expect(b.out.contains("\"anomalies\":null"), "\(b.out)")
    }

    @Test func briefFromAColdStartAnswersWithTheFactsOfTheDay() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--verbose", "--format", "json", "-c", "brief br1@2025-08-20; days"], home: home)
        #expect(r.status == 0, "\(r.err)")
        #expect(i.requests(r.err, campaign: "br1") == 5)
        let d = day("br1", 8, 20)
        let credits = try d.total(.credits), results = try d.total(.results)
        let lines = r.out.split(separator: "\n").map(String.init)
        let brief = lines[0]
        #expect(brief.hasPrefix("{\"kind\":\"brief\",\"command\":\"brief br1@2025-08-20\",\"text\":\"br1 Wed 2025-08-20: credits "))
        #expect(brief.contains("\"day\":\"br1@2025-08-20\",\"campaign\":\"br1\",\"date\":\"2025-08-20\",\"weekday\":\"wed\",\"credits\":\(credits),"))
        #expect(brief.contains("\"results\":\(results),"))
        #expect(brief.contains("\"source\":\"api\",\"fetched\":\"20"), "fetched is an ISO time")
        #expect(brief.contains("; from the API at "))
        let anomalies = expectedAnomalies("br1", 8, 20, baseline: [(8, 13), (8, 6), (7, 30), (7, 23)]).count
        #expect(brief.contains("\"anomalies\":\(anomalies),"), "\(brief)")
        #expect(lines[1].components(separatedBy: "\"br1\"").count == 2, "the baseline stays out of the workspace")
        let cached = try i.run(["-c", "brief br1@2025-08-20"], home: home)
        #expect(cached.out.contains("; from the store, fetched 20"), "\(cached.out)")
    }

    @Test func aFailedBriefLeavesTheWorkspaceAsItWas() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--keep-going", "--format", "csv", "-c", "load ok2 2025-08-20; brief fault-503@2025-08-20; days"],
                          home: home, extra: ["CXQ_REQUEST_TIMEOUT": "1"])
        #expect(r.status == 3, "a fetch failure: \(r.err)")
        #expect(r.err.contains("fault-503@2025-08-20"))
        #expect(!r.out.contains("fault-503"), "nothing of the failed command joined the workspace: \(r.out)")
        #expect(r.out.contains(",ok2,2025-08-20,"))
    }
}
