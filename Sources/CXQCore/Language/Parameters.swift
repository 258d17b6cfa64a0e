/// Script parameters: `-D NAME=VALUE` on the command line, `${NAME}` and `${NAME:-DEFAULT}` in
/// a line, replaced before the line is read.
///
/// `${` always starts a parameter; `$NAME` without braces is the day-set name of the language and
/// is left alone.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]

    public init(_ values: [String: String] = [:]) {
        for (name, value) in values where Parameters.isName(name) { self.values[name] = value }
    }

    /// A name is a letter or `_`, then letters, digits and `_`.
    public static func isName<S: StringProtocol>(_ s: S) -> Bool {
        guard let first = s.utf8.first, isNameStart(first) else { return false }
        return s.utf8.allSatisfy(isNameByte)
    }

    static func isNameStart(_ b: UInt8) -> Bool { ASCII.isLetter(b) || b == ASCII.underscore }
    static func isNameByte(_ b: UInt8) -> Bool { isNameStart(b) || ASCII.isDigit(b) }

    /// Reads `NAME=VALUE` (the value may be empty or hold `=`); nil when NAME is not a name.
    public static func definition(_ text: String) -> (name: String, value: String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let name = text[..<eq]
        guard isName(name) else { return nil }
        return (String(name), String(text[text.index(after: eq)...]))
    }

    public mutating func define(_ name: String, _ value: String) {
        precondition(Parameters.isName(name))
        values[name] = value
    }

    /// The line with every `${…}` replaced. An undefined name is an error at its `$`
    /// (decision 17), as is a `${` with no name or no closing brace. A comment is text: nothing
    /// in it is replaced or checked.
    public func substitute(_ line: [UInt8]) throws(QueryError) -> [UInt8] {
        guard Parameters.opening(in: line, from: 0) != nil else { return line }
        return try substitute(line, placeholders: nil).line
    }

    /// A stand-in for an undefined parameter (`--check` without `-D`): where it stands in the
    /// substituted line and its name.
    public struct Placeholder: Sendable, Equatable {
        public var name: String
        public var range: SourceRange
    }

    /// What `--check` puts where an undefined parameter stands, tried in this order until the
    /// line parses: a word (a campaign id, a name), a date, a number, a metric, a key, a weekday,
    /// an output format.
    public static let placeholderTexts = ["p", "2000-01-01", "1", "credits", "day", "mon", "csv"]

    /// Substitutes as `substitute(_:)`; with `placeholders` (one choice of `placeholderTexts` per
    /// undefined parameter, in order; missing choices are 0), an undefined name becomes that text
    /// instead of an error, and is listed.
    public func substitute(_ line: [UInt8], placeholders: [Int]?) throws(QueryError) -> (line: [UInt8], placeholders: [Placeholder]) {
        guard let first = Parameters.opening(in: line, from: 0) else { return (line, []) }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 16)
        var stand: [Placeholder] = []
        var quote: UInt8 = 0
        var i = 0
        while i < line.count {
            let b = line[i]
            if i < first || b != ASCII.dollar || i + 1 >= line.count || line[i + 1] != ASCII.openBrace {
                // A comment runs to the end of the line: `#` outside quotes, not before a digit
                // (`#3` is a day number) nor before `${` (`#${n}` becomes one).
                if quote == 0, b == ASCII.hash, !(i + 1 < line.count && (ASCII.isDigit(line[i + 1]) || line[i + 1] == ASCII.dollar)) {
                    out.append(contentsOf: line[i...])
                    break
                }
                if b == ASCII.quote || b == ASCII.apostrophe { quote = quote == 0 ? b : (quote == b ? 0 : quote) }
                out.append(b)
                i += 1
                continue
            }
            let start = i
            var j = i + 2
            while j < line.count, Parameters.isNameByte(line[j]) { j += 1 }
            let name = String(decoding: line[(i + 2)..<j], as: UTF8.self)
            guard Parameters.isName(name) else {
                throw QueryError(.misuse("'${' starts a parameter and must be followed by a name, as in ${camp} or ${day:-yesterday}"),
                                 SourceRange(start, min(j + 1, line.count)))
            }
            var fallback: ArraySlice<UInt8>?
            if j + 1 < line.count, line[j] == ASCII.colon, line[j + 1] == ASCII.minus {
                var k = j + 2
                while k < line.count, line[k] != ASCII.closeBrace { k += 1 }
                fallback = line[(j + 2)..<k]
                j = k
            }
            guard j < line.count, line[j] == ASCII.closeBrace else {
                throw QueryError(.misuse("the parameter ${\(name) has no closing '}'"), SourceRange(start, j))
            }
            if let value = values[name] {
                out.append(contentsOf: value.utf8)
            } else if let fallback {
                out.append(contentsOf: fallback)
            } else if let placeholders {
                let choice = stand.count < placeholders.count ? placeholders[stand.count] : 0
                let text = Parameters.placeholderTexts[min(choice, Parameters.placeholderTexts.count - 1)]
                stand.append(Placeholder(name: name, range: SourceRange(out.count, out.count + text.utf8.count)))
                out.append(contentsOf: text.utf8)
            } else {
                throw QueryError(.undefinedParameter(name), SourceRange(start, j + 1))
            }
            i = j + 1
        }
        return (out, stand)
    }

    /// The offset of the first `${` at or after `from`.
    static func opening(in line: [UInt8], from: Int) -> Int? {
        // Every line of a batch passes here: eight bytes at a time until one may be a `$` (the
        // classic has-zero-byte test on the word XOR "$$$$$$$$"), then byte by byte.
        line.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var i = from
            let last = p.count - 1
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= p.count {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ (ones &* UInt64(ASCII.dollar))
                if (x &- ones) & ~x & highs != 0 { break }
                i += 8
            }
            while i < last {
                if p[i] == ASCII.dollar && p[i + 1] == ASCII.openBrace { return i }
                i += 1
            }
            return nil
        }
    }
}
