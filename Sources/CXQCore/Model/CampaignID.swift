/// The rule for a campaign id, `[A-Za-z0-9_-]{1,64}`, in one place: the lexer, day records and
/// the endpoint all check ids through it, so an id that passes one passes them all — and none
/// can hold `/`, `..`, a control character or anything a URL would need escaped.
public struct CampaignID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The longest id accepted.
    public static let maximumLength = 64
    /// The rule in words, for messages.
    public static let rule = "1-64 letters, digits, '_' or '-'"

    /// A checked id, or nil when `text` breaks the rule.
    public init?(_ text: String) {
        guard CampaignID.isValid(text.utf8) else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }

    /// True for a byte an id may hold.
    @inline(__always)
    public static func isIDByte(_ b: UInt8) -> Bool {
        (b >= ASCII.lowerA && b <= ASCII.lowerZ) || (b >= ASCII.upperA && b <= ASCII.upperZ)
            || (b >= ASCII.zero && b <= ASCII.nine) || b == ASCII.underscore || b == ASCII.minus
    }

    /// True when the bytes form a valid id.
    public static func isValid<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        !bytes.isEmpty && bytes.count <= maximumLength && bytes.allSatisfy(isIDByte)
    }

    /// `'x/y' is not a campaign id (1-64 letters, digits, '_' or '-')`, quoting at most 80 characters.
    public static func problem(_ text: String) -> String {
        "'\(text.prefix(80))' is not a campaign id (\(rule))"
    }
}

/// Named ASCII bytes, so that code outside the lexer's and the renderers' hot loops never
/// spells a byte as a bare number.
public enum ASCII {
    public static let tab = UInt8(ascii: "\t")
    public static let newline = UInt8(ascii: "\n")
    public static let carriageReturn = UInt8(ascii: "\r")
    public static let space = UInt8(ascii: " ")
    public static let quote = UInt8(ascii: "\"")
    public static let apostrophe = UInt8(ascii: "'")
    public static let hash = UInt8(ascii: "#")
    public static let dollar = UInt8(ascii: "$")
    public static let comma = UInt8(ascii: ",")
    public static let minus = UInt8(ascii: "-")
    public static let dot = UInt8(ascii: ".")
    public static let slash = UInt8(ascii: "/")
    public static let colon = UInt8(ascii: ":")
    public static let semicolon = UInt8(ascii: ";")
    public static let lessThan = UInt8(ascii: "<")
    public static let at = UInt8(ascii: "@")
    public static let backslash = UInt8(ascii: "\\")
    public static let underscore = UInt8(ascii: "_")
    public static let pipe = UInt8(ascii: "|")
    public static let openBracket = UInt8(ascii: "[")
    public static let closeBracket = UInt8(ascii: "]")
    public static let openBrace = UInt8(ascii: "{")
    public static let closeBrace = UInt8(ascii: "}")
    public static let zero = UInt8(ascii: "0")
    public static let nine = UInt8(ascii: "9")
    public static let upperA = UInt8(ascii: "A")
    public static let upperZ = UInt8(ascii: "Z")
    public static let lowerA = UInt8(ascii: "a")
    public static let lowerZ = UInt8(ascii: "z")

    /// True for a decimal digit.
    @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }

    /// True for an ASCII letter.
    @inline(__always)
    public static func isLetter(_ b: UInt8) -> Bool { (b >= lowerA && b <= lowerZ) || (b >= upperA && b <= upperZ) }
}
