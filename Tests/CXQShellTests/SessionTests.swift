import Testing
import CXQCore
@testable import CXQShell

@Suite struct SessionTests {
    @Test func atThePromptAnErrorNeverEndsTheSession() {
        let s = makeSession(format: .csv)
        s.interactive = true
        let reader = FDLineReader(bytes: Array("load c1 2025-08-23\nsum nothing\nlod\nsum results hours 0\n".utf8))
        let ok = BatchRunner.run(reader: reader, session: s, file: "<stdin>", keepGoing: false, prompt: { "cxq> " })
        #expect(!ok)
        let out = s.out.take()
        #expect(out == "0\n")
        let err = s.err.take()
        #expect(err.contains("error: unknown metric 'nothing'"))
        #expect(!err.contains("<stdin>:"), "no file:line prefix at the prompt")
        #expect(s.history == ["load c1 2025-08-23", "sum nothing", "lod", "sum results hours 0"])
    }

    @Test func rangeLoadsKeepDateOrderWithConcurrency() {
        let s = makeSession()
        s.state.settings.concurrency = 4
        let (_, _, ok) = runScript("load c1 2025-07-01..2025-07-31\n", session: s)
        #expect(ok)
        #expect(s.state.workspace.entries.map(\.info.date.description) ==
            (1...31).map { "2025-07-" + ($0 < 10 ? "0\($0)" : "\($0)") })
        #expect(s.state.workspace.currentIndex == 30)
    }

    @Test func demoNoticeIsSaidOnceAtTheFirstLoad() {
        let s = makeSession()
        s.sourceNotice = "demo data"
        let (_, err, _) = runScript("help\nload c1 2025-08-23\nload c2 2025-08-23\n", session: s)
        #expect(err == "cxq: demo data\n")
    }

    @Test func timingGoesToStandardError() {
        let s = makeSession(format: .csv)
        let (out, err, _) = runScript("load c1 2025-08-23\nset timing on\nsum results hours 0\n", session: s)
        #expect(out == "0\n")
        let times = err.split(separator: "\n").filter { $0.hasPrefix("time: ") }
        #expect(times.count == 1, "'set timing on' times nothing; the sum is timed: \(err)")
        for t in times {
            let ms = Double(t.dropFirst(6).split(separator: " ")[0]) ?? .infinity
            #expect(ms < 10_000, "a timing line is the command's own time, not time since start-up: \(t)")
        }
    }

    @Test func failedFetchesAreListedAndArrivalsKept() {
        struct Flaky: DaySource {
            var description: String { "flaky" }
            func fetch(_ r: DayRequest) throws -> Day {
                if r.date!.dayNumber % 2 == 0 { throw Files.Failure(sentence: "the server answered 503 Service Unavailable") }
                return DemoGenerator.day(campaign: r.campaign, date: r.date!)
            }
        }
        let s = makeSession()
        s.source = Flaky()
        let (_, err, ok) = runScript("load c1 2025-08-01..2025-08-04\n", session: s)
        #expect(!ok)
        #expect(s.state.workspace.count == 2)
        #expect(err.contains("2 days failed (2 days arrived and are kept): c1@2025-08-02, c1@2025-08-04: the server answered 503 Service Unavailable"))
    }
}
