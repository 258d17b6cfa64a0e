/// A fast reader for day lines in the usual shape: one object whose fields are the campaign and
/// date strings and the five arrays of 24 integers, in any order, with blanks anywhere JSON
/// allows them.
///
/// It accepts only what the strict path (`JSONParser` + `DayRecord.decode`) accepts, with the same
/// result; anything else — an escape, an unknown or repeated field, a number that is not a plain
/// integer of at most 18 digits, a byte outside ASCII — makes it answer nil, and the caller reads
/// the line the strict way, which also explains what is wrong.
enum DayLineScanner {
    static func scan(_ p: UnsafeBufferPointer<UInt8>, origin: DayOrigin, sourceDetail: String, fetchedAt: Int64?) -> Day? {
        var i = 0
        let n = p.count
        @inline(__always) func skip() { while i < n, p[i] == 32 || p[i] == 9 || p[i] == 13 || p[i] == 10 { i += 1 } }
        @inline(__always) func expect(_ b: UInt8) -> Bool {
            skip()
            guard i < n, p[i] == b else { return false }
            i += 1
            return true
        }
        /// A string without escapes, all ASCII; its bounds.
        func string() -> Range<Int>? {
            guard expect(ASCII.quote) else { return nil }
            let start = i
            while i < n, p[i] != ASCII.quote {
                if p[i] == ASCII.backslash || p[i] >= 0x80 || p[i] < 0x20 { return nil }
                i += 1
            }
            guard i < n else { return nil }
            i += 1
            return start..<(i - 1)
        }
        /// An array of exactly 24 plain integers, into `values[offset...]`.
        func integers(into values: inout [Int64], at offset: Int) -> Bool {
            guard expect(ASCII.openBracket) else { return false }
            for k in 0..<24 {
                if k > 0 { guard expect(ASCII.comma) else { return false } }
                skip()
                var negative = false
                if i < n, p[i] == ASCII.minus { negative = true; i += 1 }
                let start = i
                var v: Int64 = 0
                while i < n, p[i] >= 48, p[i] <= 57 { v = v &* 10 &+ Int64(p[i] - 48); i += 1 }
                let digits = i - start
                // JSON has no leading zeros; 18 digits always fit in 64 bits.
                guard digits > 0, digits <= 18, !(digits > 1 && p[start] == 48) else { return false }
                if i < n, p[i] == ASCII.dot || p[i] == 101 || p[i] == 69 { return false } // a fraction or an exponent
                values[offset + k] = negative ? -v : v
            }
            return expect(ASCII.closeBracket)
        }

        guard expect(ASCII.openBrace) else { return nil }
        var campaign: String?
        var date: CivilDate?
        var values = [Int64](repeating: 0, count: 96)
        var hours = [Int64](repeating: 0, count: 24)
        var seen: UInt8 = 0
        while true {
            guard let key = string() else { return nil }
            guard expect(ASCII.colon) else { return nil }
            let k = UnsafeBufferPointer(rebasing: p[key])
            let bit: UInt8
            if equal(k, "campaign") {
                bit = 1
                guard let r = string(), CampaignID.isValid(UnsafeBufferPointer(rebasing: p[r])) else { return nil }
                campaign = String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
            } else if equal(k, "date") {
                bit = 2
                guard let r = string(), case .success(let d) = CivilDate.parse(UnsafeBufferPointer(rebasing: p[r])) else { return nil }
                date = d
            } else if equal(k, "hours") {
                bit = 4
                guard integers(into: &hours, at: 0) else { return nil }
            } else if equal(k, "credit_deductions") {
                bit = 8
                guard integers(into: &values, at: 0) else { return nil }
            } else if equal(k, "credit_deductions_change") {
                bit = 16
                guard integers(into: &values, at: 24) else { return nil }
            } else if equal(k, "campaign_results") {
                bit = 32
                guard integers(into: &values, at: 48) else { return nil }
            } else if equal(k, "campaign_results_change") {
                bit = 64
                guard integers(into: &values, at: 72) else { return nil }
            } else {
                return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            skip()
            guard i < n else { return nil }
            if p[i] == ASCII.comma { i += 1; continue }
            if p[i] == ASCII.closeBrace { i += 1; break }
            return nil
        }
        skip()
        guard i == n, seen == 127, let campaign, let date else { return nil }
        for h in 0..<24 where hours[h] != Int64(h) { return nil }
        // The strict reader names the problem.
        guard Day.overflowProblem(values) == nil else { return nil }
        return Day(campaign: campaign, date: date, values: values, origin: origin, sourceDetail: sourceDetail, fetchedAt: fetchedAt)
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
        guard a.count == b.utf8CodeUnitCount else { return false }
        let s = b.utf8Start
        for j in 0..<a.count where a[j] != s[j] { return false }
        return true
    }
}
