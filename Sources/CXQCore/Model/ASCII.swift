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
