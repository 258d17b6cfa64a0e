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
    /// (decision 17), as is a `${` with no name or no closing brace.
    public func substitute(_ line: [UInt8]) throws(QueryError) -> [UInt8] {
        guard let first = Parameters.opening(in: line, from: 0) else { return line }
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 16)
        out.append(contentsOf: line[..<first])
        var i = first
        while i < line.count {
            guard line[i] == ASCII.dollar, i + 1 < line.count, line[i + 1] == ASCII.openBrace else {
                out.append(line[i])
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
            } else {
                throw QueryError(.undefinedParameter(name), SourceRange(start, j + 1))
            }
            i = j + 1
        }
        return out
    }

    /// The offset of the first `${` at or after `from`.
    static func opening(in line: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 1 < line.count {
            if line[i] == ASCII.dollar && line[i + 1] == ASCII.openBrace { return i }
            i += 1
        }
        return nil
    }
}
