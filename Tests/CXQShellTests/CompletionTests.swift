import Foundation
import CXQCore
import Testing
@testable import CXQShell

@Suite struct CompletionTests {
    var context: CompletionContext {
        var c = CompletionContext()
        c.campaigns = ["camp-alpha", "camp-beta", "other"]
        c.dates = { $0 == "camp-alpha" ? ["2025-08-22", "2025-08-23"] : [] }
        c.dayNumbers = [1, 2, 12]
        c.names = ["week"]
        c.profiles = ["acme", "beta"]
        return c
    }

    func complete(_ s: String) -> [String] { Completer.complete(s, context: context).candidates }

    @Test(arguments: [
        ("lo", ["load"]),
        ("s", ["show", "sum", "save", "set"]),
        ("sum cre", ["credits", "credits_change", "credits_prev"]),
        ("sum credits_p", ["credits_prev"]),
        ("SUM CP", ["cpr"]),
        ("sum credits ", ["hours", "of", "where", "by", "having", "order", "limit", "pivot", "to"]),
        ("count where ", ["hour", "weekday", "date", "campaign", "credits", "results", "credits_change", "results_change", "credits_prev", "results_prev", "cpr"]),
        ("count where weekday = s", ["sat", "sun"]),
        ("top 3 ", ["hours", "days", "weeks", "months", "weekdays", "campaigns"]),
        ("bottom 3 w", ["weeks", "weekdays"]),
        ("compare . o", ["offset", "other"]),
        ("compare . of", ["offset"]),
        ("sum credits of camp-a", ["camp-alpha"]),
        ("sum credits by ", ["day", "date", "campaign", "week", "month", "weekday", "hour"]),
        ("sum credits by weekday, h", ["hour"]),
        ("load ", ["camp-alpha", "camp-beta", "other"]),
        ("load camp-alpha ", ["today", "yesterday", "2025-08-22", "2025-08-23"]),
        ("load camp-alpha 2025-08-2", ["2025-08-22", "2025-08-23"]),
        ("load camp-alpha today ", ["as", "refresh"]),
        ("show camp-alpha@2025-08-2", ["camp-alpha@2025-08-22", "camp-alpha@2025-08-23"]),
        ("use #1", ["#1", "#12"]),
        ("compare $", ["$week"]),
        ("set ", ["format", "precision", "timing", "tz", "color", "concurrency", "fetch_limit", "autoload", "null", "pager"]),
        ("set format j", ["json"]),
        ("set color ", ["auto", "on", "off"]),
        ("profile ", ["acme", "beta"]),
        ("cache ", ["clear"]),
        ("export ", ["csv", "json", "jsonl"]),
        ("top 5 hours by res", ["results", "results_change", "results_prev"]),
        ("days; sum r", ["results", "results_change", "results_prev"]),
        ("help ex", ["explain", "export", "exit"]),
        ("an", ["anomalies"]),
        ("anomalies ", ["credits", "results", "credits_prev", "results_prev", "of", "hours", "baseline", "sigma", "to"]),
        ("anomalies si", ["sigma"]),
        ("anomalies baseline ", ["4w", "8w"]),
        ("explain ", ["credits", "results", "hours", "prev", "offset", "baseline", "camp-alpha", "camp-beta", "other", "all", "."]),
        ("explain camp-alpha@2025-08-23 offset ", ["1d", "1w", "4w"]),
        ("brief c", ["camp-alpha", "camp-beta"]),
        ("chart s", ["sum"]),
        ("chart sum credits ", ["hours", "of", "where", "by", "having", "order", "limit", "pivot", "to"]),
        ("chart credits ", ["of", "hours"]),
        ("avg credits per ", ["day"]),
        ("count where campaign in ", ["camp-alpha", "camp-beta", "other"]),
    ])
    func completesByContext(_ line: String, _ expected: [String]) {
        #expect(complete(line) == expected, "\(line)")
    }

    @Test func pathsAfterToReadOpenSave() throws {
        let dir = temporaryDirectory()
        try "x".write(to: dir.appendingPathComponent("days.jsonl"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let r = Completer.complete("open \(dir.path)/", context: context)
        #expect(r.paths)
        #expect(r.candidates == ["\(dir.path)/days.jsonl", "\(dir.path)/sub/"])
        #expect(Completer.complete("export csv to \(dir.path)/d", context: context).candidates == ["\(dir.path)/days.jsonl"])
    }

    /// A completed campaign id takes no blank, so that `@DATE` can follow; a keyword, a metric and a
    /// campaign after `load` (dates follow there) take one.
    @Test func noBlankAfterACampaignId() {
        #expect(!Completer.complete("brief camp-al", context: context).blankAfter("camp-alpha"))
        #expect(!Completer.complete("sum credits of oth", context: context).blankAfter("other"))
        #expect(Completer.complete("load camp-al", context: context).blankAfter("camp-alpha"))
        #expect(Completer.complete("sum cp", context: context).blankAfter("cpr"))
        #expect(Completer.complete("anomalies si", context: context).blankAfter("sigma"))
    }

    @Test func commonPrefix() {
        #expect(Completer.commonPrefix(["credits", "credits_change"]) == "credits")
        #expect(Completer.commonPrefix(["a", "b"]) == "")
    }

    @Test(arguments: [
        ("sum credits", true), ("", false), ("   ", false),
        ("load c1 today # sk_live_abcdef123", false), ("export CLOSERX_API_KEY=abc", false),
        ("set api_key = x", false), ("my token: 1234", false),
    ])
    func historyNeverKeepsSecrets(_ line: String, _ kept: Bool) {
        #expect(HistoryPolicy.shouldRecord(line, secrets: ["sk_live_abcdef123"]) == kept)
    }

    @Test func historyFileEscapesAreRead() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("history").path
        try "_HiStOrY_V2_\nload\\040c1\\040today\nsum\\040credits\\\\x\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(LibEditReader.readHistoryFile(path) == ["load c1 today", "sum credits\\x"])
    }
}
