import Foundation
import Testing
@testable import CXQCore

@Suite struct DayRecordTests {
    let day = DemoGenerator.day(campaign: "camp-1", date: CivilDate(year: 2025, month: 8, day: 23)!)

    func line(_ day: Day) -> String { String(decoding: DayRecord.encodeLines([day]), as: UTF8.self) }

    @Test func roundTrip() throws {
        let days = (1...30).map { DemoGenerator.day(campaign: "c\($0 % 3)", date: CivilDate(year: 2025, month: 3, day: $0)!) }
        let contents = DayRecord.decodeFile(DayRecord.encodeLines(days), sourceDetail: "t", fetchedAt: nil)
        #expect(contents.problems.isEmpty)
        #expect(contents.days.map(\.values) == days.map(\.values))
        #expect(contents.days.map(\.label) == days.map(\.label))
        #expect(contents.days.allSatisfy { $0.origin == .file })
    }

    @Test func theFormatIsTheAPIShapePlusCampaign() throws {
        let text = line(day)
        #expect(text.hasPrefix("{\"campaign\":\"camp-1\",\"date\":\"2025-08-23\",\"hours\":[0,1,2,"))
        for field in ["credit_deductions", "credit_deductions_change", "campaign_results", "campaign_results_change"] {
            #expect(text.contains("\"\(field)\":["))
        }
        #expect(text.hasSuffix("]}\n"))
    }

    @Test func acceptsTheSeedPage() throws {
        let zeros = "[" + Array(repeating: "0", count: 24).joined(separator: ",") + "]"
        let body = """
        {"date": "2025-08-23", "hours": [\((0..<24).map(String.init).joined(separator: ", "))],
         "credit_deductions": \(zeros), "credit_deductions_change": \(zeros),
         "campaign_results": \(zeros), "campaign_results_change": \(zeros)}
        """
        let r = DayRecord.decode(bytes: Array(body.utf8), campaign: "campc005bf8a", origin: .api)
        guard case .success(let d) = r else { Issue.record("rejected: \(r)"); return }
        #expect(d.label == "campc005bf8a@2025-08-23")
    }

    @Test func badLinesAreReportedByNumberAndGoodOnesKept() {
        let good = line(day)
        let truncated = String(good.dropLast(40)) + "\n"
        let short = good.replacingFirst(in: "\"credit_deductions\":[", dropping: 1)
        let huge = good.replacingFirst(in: "\"campaign_results\":[", insert: "99999999999999999999")
        let notInt = good.replacingFirst(in: "\"campaign_results\":[", insert: "1.5")
        let badDate = good.replacingOccurrences(of: "2025-08-23", with: "2025-02-30")
        let badHours = good.replacingOccurrences(of: "\"hours\":[0,1,", with: "\"hours\":[1,0,")
        var bytes = Array(good.utf8)
        bytes += Array(truncated.utf8)
        bytes += Array(short.utf8)
        bytes += Array(huge.utf8)
        bytes += [0x7B, 0xFF, 0xFE, 0x7D, 0x0A] // not UTF-8
        bytes += Array("\n".utf8)                // a blank line is skipped
        bytes += Array(notInt.utf8)
        bytes += Array(badDate.utf8)
        bytes += Array(badHours.utf8)
        bytes += Array(good.replacingOccurrences(of: "camp-1", with: "camp/../x").utf8)
        bytes += Array(good.replacingOccurrences(of: "2025-08-23", with: "2025-08-24").utf8)
        bytes += Array(good.utf8)                // the same day again: a bad line, the first kept
        let c = DayRecord.decodeFile(bytes, sourceDetail: "t", fetchedAt: nil)
        #expect(c.days.count == 2)
        let problems = Dictionary(uniqueKeysWithValues: c.problems.map { ($0.line, $0.message) })
        #expect(problems[2] == "the JSON is truncated (it ends in the middle of a value)")
        #expect(problems[3] == "field 'credit_deductions' has 23 values; expected 24")
        #expect(problems[4] == "field 'campaign_results' at hour 0 is 99999999999999999999, beyond 64 bits")
        #expect(problems[5] == "the text is not valid UTF-8")
        #expect(problems[7] == "field 'campaign_results' at hour 0 is 1.5, not an integer")
        #expect(problems[8] == "field 'date' is '2025-02-30', not a valid YYYY-MM-DD date")
        #expect(problems[9] == "field 'hours' must be 0 to 23 in order, but position 0 holds 1")
        #expect(problems[10] == "field 'campaign' is 'camp/../x', not a campaign id (1-64 letters, digits, '_' or '-')")
        #expect(problems[12] == "camp-1@2025-08-23 is already on line 1; that line is kept")
        #expect(c.problems.count == 9)
    }

    @Test func anOverlongLineIsRejectedNotParsed() {
        let bytes = [UInt8](repeating: 0x61, count: 10 * 1024 * 1024) + [10] + DayRecord.encodeLines([day])
        let c = DayRecord.decodeFile(bytes, sourceDetail: "t", fetchedAt: nil)
        #expect(c.days.count == 1)
        #expect(c.problems.first?.line == 1)
        #expect(c.problems.first?.message == "the line is 10485760 bytes long; a day needs under 65536")
    }

    @Test func negativeChangesAndRefundsAreKept() {
        var d = day
        d.values[3] = -7
        let c = DayRecord.decodeFile(DayRecord.encodeLines([d]), sourceDetail: "t", fetchedAt: nil)
        #expect(c.days.first?.value(.credits, 3) == -7)
    }

    @Test func jsonParserIsStrict() {
        for bad in ["{", "[1,]", "{\"a\":1,}", "01", "1 2", "{'a':1}", "[1.]", "\"\u{01}\"", "nul"] {
            if case .success = JSONParser.parse(Array(bad.utf8)) { Issue.record("accepted \(bad)") }
        }
        #expect(JSONParser.parse(Array("{\"a\":[1,-2,3.5e2,\"x\\n\\u00e9\"]}".utf8)) ==
            .success(.object([("a", .array([.number("1"), .number("-2"), .number("3.5e2"), .string("x\né")]))])))
    }

    /// A file read in chunks of any size (a line split anywhere, even inside a CRLF) gives
    /// exactly what reading it whole gives: the same days, the same bad lines.
    @Test func aFileReadInChunksIsTheFileReadWhole() {
        var bytes = DayRecord.encodeLines((18...23).map { DemoGenerator.day(campaign: "c\($0 % 3)", date: CivilDate(year: 2025, month: 8, day: $0)!) })
        bytes += Array("{\"campaign\":\"x\"}\r\n\n".utf8) + [UInt8](repeating: 0x61, count: 70_000) + [10]
        bytes += DayRecord.encodeLines([DemoGenerator.day(campaign: "c0", date: CivilDate(year: 2025, month: 8, day: 18)!)])
        bytes += Array(DayRecord.encodeLines([DemoGenerator.day(campaign: "last", date: CivilDate(year: 2025, month: 8, day: 1)!)]).dropLast())
        let whole = DayRecord.decodeFile(bytes, sourceDetail: "t", fetchedAt: nil)
        #expect(whole.days.count == 7)
        #expect(whole.problems.map(\.line) == [7, 9, 10])
        for size in [1, 2, 3, 7, 64, 1000, 65_537] {
            var decoder = DayFileDecoder(sourceDetail: "t", fetchedAt: nil)
            var i = 0
            while i < bytes.count {
                let j = min(bytes.count, i + size)
                bytes[i..<j].withUnsafeBufferPointer { decoder.feed($0) }
                i = j
            }
            let chunked = decoder.finish()
            #expect(chunked.days == whole.days, "chunks of \(size)")
            #expect(chunked.problems.map(\.line) == whole.problems.map(\.line) && chunked.problems.map(\.message) == whole.problems.map(\.message), "chunks of \(size)")
        }
    }

    /// The fuzzer's first find: a high surrogate followed by an escape that is not a low one
    /// trapped on arithmetic overflow. Every unpaired half is U+FFFD now.
    @Test func surrogateEscapesNeverTrap() {
        let cases: [(String, String)] = [
            (#""\ud83d\ude00""#, "😀"), (#""\ud800\u0041""#, "\u{FFFD}A"), (#""\udbff\u0000""#, "\u{FFFD}\u{0}"),
            (#""\udc00""#, "\u{FFFD}"), (#""\ud800""#, "\u{FFFD}"), (#""\ud800\ud800""#, "\u{FFFD}\u{FFFD}"),
            (#""\ud800x""#, "\u{FFFD}x"),
        ]
        for (json, expected) in cases {
            #expect(JSONParser.parse(Array(json.utf8)) == .success(.string(expected)), "\(json)")
        }
        let line = #"{"campaign":"c\ud800\u0001","date":"2025-08-23"}"#
        let contents = DayRecord.decodeFile(Array(line.utf8), sourceDetail: "t", fetchedAt: nil)
        #expect(contents.days.isEmpty && !contents.problems.isEmpty, "a bad record, not a crash")
    }
}

extension String {
    /// Removes the first `n` comma-separated values after `marker`.
    func replacingFirst(in marker: String, dropping n: Int) -> String {
        guard let r = range(of: marker) else { return self }
        var tail = self[r.upperBound...]
        for _ in 0..<n { tail = tail[tail.index(after: tail.firstIndex(of: ",")!)...] }
        return String(self[..<r.upperBound]) + tail
    }

    /// Replaces the first value after `marker` with `value`.
    func replacingFirst(in marker: String, insert value: String) -> String {
        guard let r = range(of: marker) else { return self }
        let tail = self[r.upperBound...]
        return String(self[..<r.upperBound]) + value + tail[tail.firstIndex(of: ",")!...]
    }
}

/// The fast day-line reader accepts only what the strict reader accepts, with the same day.
@Suite struct DayLineScannerTests {
    static let good: String = {
        var out: [UInt8] = []
        DayRecord.encode(DemoGenerator.day(campaign: "camp-1", date: CivilDate(year: 2025, month: 8, day: 23)!), into: &out)
        return String(decoding: out, as: UTF8.self)
    }()

    static let variants: [String] = [
        good,
        " " + good.replacingOccurrences(of: ",", with: " , ").replacingOccurrences(of: ":", with: " :\t") + " ",
        good.replacingOccurrences(of: "\"hours\":[0,", with: "\"hours\":[00,"),
        good.replacingOccurrences(of: "\"hours\":[0,1,", with: "\"hours\":[0,1.0,"),
        good.replacingOccurrences(of: "\"hours\":[0,1,", with: "\"hours\":[0,1e0,"),
        good.replacingOccurrences(of: "\"hours\":[0,1,", with: "\"hours\":[0,-1,"),
        good.replacingOccurrences(of: "\"campaign\":\"camp-1\"", with: "\"campaign\":\"camp\\u002d1\""),
        good.replacingOccurrences(of: "\"campaign\":\"camp-1\"", with: "\"campaign\":\"camp/1\""),
        good.replacingOccurrences(of: "\"date\":\"2025-08-23\"", with: "\"date\":\"2025-02-30\""),
        good.replacingOccurrences(of: "{", with: "{\"extra\":1,"),
        good.replacingOccurrences(of: "{", with: "{\"date\":\"2025-08-22\","),
        good.replacingOccurrences(of: "\"campaign_results\":[", with: "\"campaign_results\":[9223372036854775807999,"),
        good.replacingOccurrences(of: "\"campaign_results\":[", with: "\"campaign_results\":[123456789012345678,").replacingOccurrences(of: ",\"campaign_results_change\"", with: "]0,\"campaign_results_change\""),
        good + "x",
        String(good.dropLast()),
    ]

    @Test(arguments: 0..<variants.count)
    func agreesWithTheStrictReader(_ i: Int) {
        let bytes = Array(Self.variants[i].utf8)
        let fast = bytes.withUnsafeBufferPointer { DayLineScanner.scan($0, origin: .file, sourceDetail: "f", fetchedAt: 1) }
        let strict = DayRecord.decode(bytes: bytes, campaign: nil, origin: .file, sourceDetail: "f", fetchedAt: 1)
        if let fast {
            #expect(strict == .success(fast), "variant \(i): the fast reader accepted what the strict one did not")
        }
        if i < 2 { #expect(fast != nil, "the usual shape takes the fast path") }
    }
}
