/// The session's settings, as `set` changes them.
public struct Settings: Sendable, Equatable {
    public var format: OutputFormat = .table
    public var precision: Int = 2
    public var timing = false
    /// A time zone identifier; nil for the machine's local zone.
    public var tz: String?
    public var color: ColorMode = .auto
    public var concurrency = 8

    public init() {}

    mutating func apply(_ change: SettingChange) {
        switch change {
        case .format(let f): format = f
        case .precision(let p): precision = p
        case .timing(let t): timing = t
        case .tz(let z): tz = z
        case .color(let c): color = c
        case .concurrency(let n): concurrency = n
        }
    }

    /// Every setting with its value, as `set` alone lists them.
    public var listing: [(String, String)] {
        [("format", format.rawValue), ("precision", "\(precision)"), ("timing", timing ? "on" : "off"),
         ("tz", tz ?? "local"), ("color", color.rawValue), ("concurrency", "\(concurrency)")]
    }
}
