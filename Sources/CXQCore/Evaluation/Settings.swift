/// When output goes through a pager.
public enum PagerMode: String, Sendable, CaseIterable {
    case auto, on, off
}

/// The session's settings, as `set` changes them. Names, accepted values and listing come from
/// `Vocabulary.settings`.
public struct Settings: Sendable, Equatable {
    public var format: OutputFormat = .table
    public var precision: Int = 2
    public var timing = false
    /// A time zone identifier; nil for the machine's local zone.
    public var tz: String?
    public var color: ColorMode = .auto
    public var concurrency = 8
    /// The most days one command may fetch from the source (days in the store never count).
    public var fetchLimit = 1000
    /// Fetch the days a day set names but the workspace lacks before running the command.
    public var autoload = true
    /// How table and markdown output show a value that does not exist.
    public var null = "-"
    /// Output taller than the screen goes through `$PAGER` (`auto`: at a terminal, when taller).
    public var pager: PagerMode = .auto

    public init() {}

    /// Applies a change the parser accepted.
    mutating func apply(_ change: SettingChange) {
        Vocabulary.setting(named: change.name)?.apply(&self, change.value)
    }

    /// The value of one setting as `set` shows it.
    func shown(_ name: String) -> String { Vocabulary.setting(named: name)?.show(self) ?? "" }

    /// Every setting with its value, as `set` alone lists them.
    public var listing: [(String, String)] { Vocabulary.settings.map { ($0.name, $0.show(self)) } }
}
