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
