import Foundation
import Testing
import CXQCore
@testable import CXQShell

/// save, open and export against real files.
@Suite struct DayFileTests {
    @Test func saveThenOpenRoundTrips() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("w.jsonl").path
        let a = makeSession()
        let (_, err, ok) = runScript("load c1 2025-08-20..2025-08-23\nload c2 2025-08-23\nsave \(path)\n", session: a)
        #expect(ok, "\(err)")
        let b = makeSession()
        let (out, _, ok2) = runScript("open \(path)\n", session: b)
        #expect(ok2)
        #expect(out == "opened \(path): 5 days added\n")
        #expect(b.state.workspace.days.map(\.values) == a.state.workspace.days.map(\.values))
        #expect(b.state.workspace.entries.map(\.info.label) == a.state.workspace.entries.map(\.info.label))
        #expect(b.state.workspace.entries.allSatisfy { $0.info.origin == .file })
    }

    @Test func exportJSONLIsTheDayFileFormat() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("e.jsonl").path
        let s = makeSession()
        _ = runScript("load c1 2025-08-23\nexport jsonl to \(path)\n", session: s)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == DayRecord.encodeLines(s.state.workspace.days))
        let (out, _, _) = runScript("export csv\n", session: s)
        let lines = out.split(separator: "\n")
        #expect(lines.first == "campaign,date,hour,credits,credits_change,results,results_change")
        #expect(lines.count == 25)
        let (json, _, _) = runScript("export json\n", session: s)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["campaign"] as? String == "c1")
    }

    @Test func openReportsBadLinesByNumberAndKeepsGoodOnes() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("bad.jsonl").path
        let day = DemoGenerator.day(campaign: "c1", date: CivilDate(year: 2025, month: 8, day: 23)!)
        let good = String(decoding: DayRecord.encodeLines([day]), as: UTF8.self)
        var bytes = Array(good.utf8)
        bytes += Array(good.prefix(100).utf8) + [10]                                  // truncated
        bytes += Array(good.replacingOccurrences(of: "\"hours\":[0,", with: "\"hours\":[").utf8) // 23 hours
        bytes += [0xC3, 0x28, 10]                                                      // not UTF-8
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let s = makeSession()
        let (out, err, ok) = runScript("open \(path)\n", session: s)
        #expect(!ok)
        #expect(out == "opened \(path): 1 day added\n")
        #expect(err.contains("\(path): 3 bad lines, 1 day kept: line 2: the JSON is truncated (it ends in the middle of a value); line 3: field 'hours' has 23 values; expected 24; line 4: the text is not valid UTF-8"))
        #expect(s.state.workspace.count == 1)
    }

    @Test func unwritableExportPathIsOneSentenceAndKeepsTheWorkspace() throws {
        let s = makeSession()
        _ = runScript("load c1 2025-08-23\n", session: s)
        let before = Array(s.state.workspace.entries)
        let (_, err, ok) = runScript("export csv to /nonexistent-dir/x.csv\n", session: s)
        #expect(!ok)
        #expect(err.hasPrefix("test.cxq:1:1: error: cannot write /nonexistent-dir/x.csv: No such file or directory\n"))
        #expect(Array(s.state.workspace.entries) == before)
        let (_, err2, _) = runScript("open /nonexistent-dir/x.jsonl\n", session: s)
        #expect(err2.contains("cannot read /nonexistent-dir/x.jsonl: No such file or directory"))
        let dir = temporaryDirectory()
        let (_, err3, _) = runScript("open \(dir.path)\n", session: s)
        #expect(err3.contains("it is a directory"))
        #expect(Array(s.state.workspace.entries) == before)
    }

    @Test func readRunsAFileAndStopsAtItsErrors() throws {
        let dir = temporaryDirectory()
        let inner = dir.appendingPathComponent("inner.cxq")
        try "load c1 2025-08-23\nsum credits hours 9..17\nsum nothing\n".write(to: inner, atomically: true, encoding: .utf8)
        let s = makeSession(format: .csv)
        let (out, err, ok) = runScript("read \(inner.path)\n", session: s)
        #expect(!ok)
        #expect(err.contains("\(inner.path):3:5: error: unknown metric 'nothing'"))
        #expect(out.split(separator: "\n").count == 1, "the sum ran; the messages went to standard error")
        #expect(s.state.workspace.count == 1)
        let selfRead = dir.appendingPathComponent("loop.cxq")
        try "read \(selfRead.path)\n".write(to: selfRead, atomically: true, encoding: .utf8)
        let (_, err2, _) = runScript("read \(selfRead.path)\n", session: makeSession())
        #expect(err2.contains("nested more than 16 deep"))
    }
}
