/// Splits one line of UTF-8 bytes into tokens on demand.
///
/// The parser pulls tokens one at a time, so that it can ask for a *path* where a path
/// belongs (`save out/days.jsonl`) and for ordinary tokens everywhere else.
public struct Lexer: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int

    public init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b == 45 || b >= 0x80
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 || b == 12 || b == 11 }

    /// Skips blanks and a `#` comment (a `#` not followed by a digit) to the end of the line.
    mutating func skipTrivia() {
        while position < bytes.count {
            let b = bytes[position]
            if Lexer.isSpace(b) { position += 1; continue }
            if b == 35 /* # */ {
                let next = position + 1 < bytes.count ? bytes[position + 1] : 0
                if next >= 48 && next <= 57 { return }
                position = bytes.count
                return
            }
            return
        }
    }

    /// The next token, without consuming it.
    public func peek() -> Token {
        var copy = self
        return copy.next()
    }

    /// The next token.
    public mutating func next() -> Token {
        skipTrivia()
        let start = position
        guard position < bytes.count else { return Token(kind: .end, range: SourceRange(start, start)) }
        let b = bytes[position]
        if Lexer.isWordByte(b) {
            position += 1
            while position < bytes.count, Lexer.isWordByte(bytes[position]) { position += 1 }
            return Token(kind: .word, range: SourceRange(start, position))
        }
        switch b {
        case 64: position += 1; return Token(kind: .at, range: SourceRange(start, position))
        case 44: position += 1; return Token(kind: .comma, range: SourceRange(start, position))
        case 59: position += 1; return Token(kind: .semicolon, range: SourceRange(start, position))
        case 46:
            if position + 1 < bytes.count, bytes[position + 1] == 46 {
                position += 2; return Token(kind: .dotDot, range: SourceRange(start, position))
            }
            position += 1; return Token(kind: .dot, range: SourceRange(start, position))
        case 35, 36: // #N, $name
            position += 1
            while position < bytes.count, Lexer.isWordByte(bytes[position]) { position += 1 }
            return Token(kind: b == 35 ? .dayNumber : .name, range: SourceRange(start, position))
        case 34, 39:
            return quoted(quote: b)
        case 43: position += 1; return Token(kind: .plus, range: SourceRange(start, position))
        case 42: position += 1; return Token(kind: .star, range: SourceRange(start, position))
        case 47: position += 1; return Token(kind: .slash, range: SourceRange(start, position))
        case 40: position += 1; return Token(kind: .openParen, range: SourceRange(start, position))
        case 41: position += 1; return Token(kind: .closeParen, range: SourceRange(start, position))
        case 61: position += 1; return Token(kind: .comparison, range: SourceRange(start, position))
        case 60, 62, 33: // <, <=, >, >=, !=
            position += 1
            if position < bytes.count, bytes[position] == 61 { position += 1 }
            else if b == 33 { return Token(kind: .invalid, range: SourceRange(start, position)) }
            return Token(kind: .comparison, range: SourceRange(start, position))
        default:
            // One whole UTF-8 scalar, so that messages quote a real character.
            position += 1
            while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
            return Token(kind: .invalid, range: SourceRange(start, position))
        }
    }

    mutating func quoted(quote: UInt8) -> Token {
        let start = position
        position += 1
        while position < bytes.count {
            if bytes[position] == quote {
                position += 1
                return Token(kind: .string, range: SourceRange(start, position))
            }
            position += 1
        }
        return Token(kind: .unterminated, range: SourceRange(start, position))
    }

    /// A path: a quoted string, or a run of bytes up to a blank or `;`.
    public mutating func nextPath() -> Token {
        skipTrivia()
        let start = position
        guard position < bytes.count else { return Token(kind: .end, range: SourceRange(start, start)) }
        let b = bytes[position]
        if b == 34 || b == 39 { return quoted(quote: b) }
        if b == 59 { return next() }
        while position < bytes.count, !Lexer.isSpace(bytes[position]), bytes[position] != 59 { position += 1 }
        return Token(kind: .word, range: SourceRange(start, position))
    }

    /// The text of a token (for a string, without its quotes).
    public func text(_ token: Token) -> String {
        var r = token.range
        if token.kind == .string { r = SourceRange(r.lower + 1, r.upper - 1) }
        if token.kind == .unterminated { r = SourceRange(r.lower + 1, r.upper) }
        return String(decoding: bytes[r.lower..<r.upper], as: UTF8.self)
    }

    /// True when a word token spells `keyword` (ASCII, case-insensitive). `keyword` is lower case.
    @inline(__always)
    public func matches(_ token: Token, _ keyword: StaticString) -> Bool {
        matches(token, UnsafeBufferPointer(start: keyword.utf8Start, count: keyword.utf8CodeUnitCount))
    }

    /// True when a word token spells `word` (lower case; the token in any case).
    @inline(__always)
    public func matches(_ token: Token, word: String) -> Bool {
        var w = word
        return w.withUTF8 { matches(token, $0) }
    }

    /// True when a word token spells the keyword (case-insensitive).
    @inline(__always)
    public func matches(_ token: Token, _ keyword: Keyword) -> Bool {
        var k = keyword.rawValue
        return k.withUTF8 { matches(token, $0) }
    }

    /// True when a word token spells `word`, given as lower-case UTF-8 bytes.
    @inline(__always)
    public func matches<C: Collection>(_ token: Token, _ word: C) -> Bool where C.Element == UInt8, C.Index == Int {
        guard token.kind == .word, token.range.upper - token.range.lower == word.count else { return false }
        var i = word.startIndex
        var p = token.range.lower
        while p < token.range.upper {
            var c = bytes[p]
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != word[i] { return false }
            i += 1; p += 1
        }
        return true
    }
}
