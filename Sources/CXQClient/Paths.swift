/// Where cxq keeps its files, by the XDG base-directory rules: a `XDG_*_HOME` that is an
/// absolute path, else the usual folder under an absolute `HOME`; nil when neither is set.
public enum Paths {
    /// `$XDG_CONFIG_HOME/cxq/config.toml` (default `~/.config/cxq/config.toml`): profiles.
    public static func configFile(_ env: Environment) -> String? {
        base("XDG_CONFIG_HOME", ".config", env).map { $0 + "/cxq/config.toml" }
    }

    /// `$XDG_CACHE_HOME/cxq/days.sqlite` (default `~/.cache/cxq/days.sqlite`): the day store.
    public static func storeFile(_ env: Environment) -> String? {
        base("XDG_CACHE_HOME", ".cache", env).map { $0 + "/cxq/days.sqlite" }
    }

    /// `$XDG_STATE_HOME/cxq` (default `~/.local/state/cxq`): the history file.
    public static func stateDirectory(_ env: Environment) -> String? {
        base("XDG_STATE_HOME", ".local/state", env).map { $0 + "/cxq" }
    }

    /// `HOME` when it is an absolute path (a relative one is ignored, as if unset).
    public static func home(_ env: Environment) -> String? {
        env["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
    }

    static func base(_ variable: String, _ underHome: String, _ env: Environment) -> String? {
        if let x = env[variable], x.hasPrefix("/") { return x }
        if let h = home(env) { return h + "/" + underHome }
        return nil
    }
}
