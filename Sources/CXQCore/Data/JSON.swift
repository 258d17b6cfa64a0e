/// A parsed JSON value. Numbers keep their text so that integers are read exactly and
/// values beyond 64 bits are reported rather than rounded.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value of a key of an object (the last one, if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last(where: { $0.0 == key })?.1
    }
}

/// Why a text is not JSON.
public enum JSONError: Error, Sendable, Equatable {
    case truncated
    case unexpected(byte: Int, found: String)
    case tooDeep

    public var message: String {
        switch self {
        case .truncated: return "the JSON is truncated (it ends in the middle of a value)"
        case .unexpected(let at, let found): return "the JSON is invalid at byte \(at + 1) (unexpected \(found))"
        case .tooDeep: return "the JSON is nested too deeply"
        }
    }
}

/// A small strict JSON parser over UTF-8 bytes (RFC 8259).
public struct JSONParser {
    let bytes: [UInt8]
    var p = 0
    var depth = 0

    /// Parses one JSON document that fills `bytes` (blanks around it allowed).
    public static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONError> {
        var parser = JSONParser(bytes: bytes)
        do {
            let v = try parser.value()
            parser.skipSpace()
            if parser.p < bytes.count { throw parser.unexpected() }
            return .success(v)
        } catch let e as JSONError {
            return .failure(e)
        } catch {
            return .failure(.truncated)
        }
    }

    mutating func skipSpace() {
        while p < bytes.count, bytes[p] == 32 || bytes[p] == 9 || bytes[p] == 10 || bytes[p] == 13 { p += 1 }
    }

    func unexpected() -> JSONError {
        guard p < bytes.count else { return .truncated }
        let b = bytes[p]
        let shown = b >= 32 && b < 127 ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
        return .unexpected(byte: p, found: shown)
    }

    mutating func value() throws -> JSONValue {
        skipSpace()
        guard p < bytes.count else { throw JSONError.truncated }
        switch bytes[p] {
        case 123: return try object()
        case 91: return try array()
        case 34: return .string(try string())
        case 116: try literal("true"); return .bool(true)
        case 102: try literal("false"); return .bool(false)
        case 110: try literal("null"); return .null
        case 45, 48...57: return try number()
        default: throw unexpected()
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        for i in 0..<n {
            guard p + i < bytes.count else { p += i; throw JSONError.truncated }
            guard bytes[p + i] == word.utf8Start[i] else { p += i; throw unexpected() }
        }
        p += n
    }

    mutating func number() throws -> JSONValue {
        let start = p
        if bytes[p] == 45 { p += 1 }
        func digits(_ s: inout JSONParser) throws {
            let d0 = s.p
            while s.p < s.bytes.count, s.bytes[s.p] >= 48, s.bytes[s.p] <= 57 { s.p += 1 }
            if s.p == d0 { throw s.unexpected() }
        }
        if p < bytes.count, bytes[p] == 48 { p += 1 } else { try digits(&self) }
        if p < bytes.count, bytes[p] == 46 { p += 1; try digits(&self) }
        if p < bytes.count, bytes[p] == 101 || bytes[p] == 69 {
            p += 1
            if p < bytes.count, bytes[p] == 43 || bytes[p] == 45 { p += 1 }
            try digits(&self)
        }
        return .number(String(decoding: bytes[start..<p], as: UTF8.self))
    }

    mutating func string() throws -> String {
        p += 1 // opening quote
        var out: [UInt8] = []
        while true {
            guard p < bytes.count else { throw JSONError.truncated }
            let b = bytes[p]
            if b == 34 { p += 1; break }
            if b < 32 { throw unexpected() }
            if b == 92 {
                p += 1
                guard p < bytes.count else { throw JSONError.truncated }
                switch bytes[p] {
                case 34: out.append(34)
                case 92: out.append(92)
                case 47: out.append(47)
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 117:
                    // A high surrogate pairs with a following low one; any unpaired half
                    // becomes U+FFFD, and a second escape that is not a low half stands alone.
                    let code = try hex4()
                    var scalars = [code]
                    if (0xD800..<0xDC00).contains(code), p + 2 < bytes.count, bytes[p + 1] == 92, bytes[p + 2] == 117 {
                        p += 2
                        let low = try hex4()
                        scalars = (0xDC00..<0xE000).contains(low) ? [0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)] : [code, low]
                    }
                    for c in scalars {
                        out.append(contentsOf: Array(String(Character(Unicode.Scalar(c) ?? "\u{FFFD}")).utf8))
                    }
                default: throw unexpected()
                }
                p += 1
                continue
            }
            out.append(b)
            p += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            p += 1
            guard p < bytes.count else { throw JSONError.truncated }
            let b = bytes[p]
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 97...102: d = b - 87
            case 65...70: d = b - 55
            default: throw unexpected()
            }
            v = v * 16 + UInt32(d)
        }
        return v
    }

    mutating func array() throws -> JSONValue {
        depth += 1
        if depth > 64 { throw JSONError.tooDeep }
        defer { depth -= 1 }
        p += 1
        var items: [JSONValue] = []
        skipSpace()
        if p < bytes.count, bytes[p] == 93 { p += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            guard p < bytes.count else { throw JSONError.truncated }
            if bytes[p] == 44 { p += 1; continue }
            if bytes[p] == 93 { p += 1; return .array(items) }
            throw unexpected()
        }
    }

    mutating func object() throws -> JSONValue {
        depth += 1
        if depth > 64 { throw JSONError.tooDeep }
        defer { depth -= 1 }
        p += 1
        var pairs: [(String, JSONValue)] = []
        skipSpace()
        if p < bytes.count, bytes[p] == 125 { p += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard p < bytes.count else { throw JSONError.truncated }
            guard bytes[p] == 34 else { throw unexpected() }
            let key = try string()
            skipSpace()
            guard p < bytes.count else { throw JSONError.truncated }
            guard bytes[p] == 58 else { throw unexpected() }
            p += 1
            pairs.append((key, try value()))
            skipSpace()
            guard p < bytes.count else { throw JSONError.truncated }
            if bytes[p] == 44 { p += 1; continue }
            if bytes[p] == 125 { p += 1; return .object(pairs) }
            throw unexpected()
        }
    }
}

/// Appends a JSON string literal (with quotes and escapes) to a byte buffer.
public func appendJSONString(_ s: String, to out: inout [UInt8]) {
    out.append(34)
    for b in s.utf8 {
        switch b {
        case 34: out.append(92); out.append(34)
        case 92: out.append(92); out.append(92)
        case 10: out.append(92); out.append(110)
        case 13: out.append(92); out.append(114)
        case 9: out.append(92); out.append(116)
        case 0..<32:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
        default: out.append(b)
        }
    }
    out.append(34)
}

/// Appends the decimal digits of an integer to a byte buffer.
@inline(__always)
public func appendInteger(_ v: Int64, to out: inout [UInt8]) {
    if v == 0 { out.append(48); return }
    if v == Int64.min { out.append(contentsOf: Array("-9223372036854775808".utf8)); return }
    var n = v
    if n < 0 { out.append(45); n = -n }
    var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
              UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var i = 0
    withUnsafeMutableBytes(of: &tmp) { buf in
        while n > 0 { buf[i] = UInt8(48 + n % 10); n /= 10; i += 1 }
        while i > 0 { i -= 1; out.append(buf[i]) }
    }
}
