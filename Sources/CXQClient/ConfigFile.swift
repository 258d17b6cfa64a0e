#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// cxq's configuration file, `$XDG_CONFIG_HOME/cxq/config.toml`: named profiles.
///
/// ```toml
/// default = "acme"                 # optional: the profile used when none is named
///
/// [profiles.acme]
/// base_url = "https://app.closerx.ai"   # optional; this is the default
/// company = "acme_schema"
/// api_key_env = "ACME_CLOSERX_KEY"      # the name of a variable holding the key …
/// # api_key = "…"                       # … or the key itself (then chmod 600 the file)
/// ```
///
/// The subset of TOML read: comments, `[profiles.NAME]` tables, and `key = value` with basic
/// or literal strings, integers and booleans. Anything else is an error naming its line.
public struct ConfigFile: Sendable, Equatable {
    /// One profile as written.
    public struct Profile: Sendable, Equatable {
        public var name: String
        public var baseURL: String?
        public var company: String?
        public var apiKey: Secret?
        public var apiKeyEnv: String?
    }

    public var defaultProfile: String?
    public var profiles: [Profile] = []

    public init() {}

    /// Where the file is: `$XDG_CONFIG_HOME/cxq/config.toml` or `~/.config/cxq/config.toml`.
    public static func defaultPath(environment: Environment) -> String? {
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") { return x + "/cxq/config.toml" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.config/cxq/config.toml" }
        return nil
    }

    /// A problem in the file, with its line.
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    struct ValueProblem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// Parses the text of a config file.
    public static func parse(_ text: String) -> Result<ConfigFile, Problem> {
        var config = ConfigFile()
        var current: Int? // index into profiles
        var lineNo = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line.removeLast() }
            line = stripComment(line)
            line = Substring(String(line).trimmingSpaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { return .failure(Problem(line: lineNo, message: "a table header must end with ']'")) }
                let name = String(line.dropFirst().dropLast()).trimmingSpaces
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] == "profiles" || parts[0] == "profile", !parts[1].isEmpty else {
                    return .failure(Problem(line: lineNo, message: "unknown table [\(name)]; profiles are written [profiles.NAME]"))
                }
                var pname = parts[1]
                if pname.count >= 2, pname.hasPrefix("\""), pname.hasSuffix("\"") { pname = String(pname.dropFirst().dropLast()) }
                guard config.profile(named: pname) == nil else {
                    return .failure(Problem(line: lineNo, message: "profile '\(pname)' is defined twice"))
                }
                config.profiles.append(Profile(name: pname))
                current = config.profiles.count - 1
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                return .failure(Problem(line: lineNo, message: "expected key = value"))
            }
            let key = String(line[..<eq]).trimmingSpaces
            let rawValue = String(line[line.index(after: eq)...]).trimmingSpaces
            let value: String
            switch parseValue(rawValue) {
            case .failure(let m): return .failure(Problem(line: lineNo, message: m.message))
            case .success(let v): value = v
            }
            if let i = current {
                switch key {
                case "base_url": config.profiles[i].baseURL = value
                case "company": config.profiles[i].company = value
                case "api_key": config.profiles[i].apiKey = Secret(value)
                case "api_key_env": config.profiles[i].apiKeyEnv = value
                default: return .failure(Problem(line: lineNo, message: "unknown key '\(key)'; a profile has base_url, company, api_key or api_key_env"))
                }
            } else {
                guard key == "default" else {
                    return .failure(Problem(line: lineNo, message: "unknown key '\(key)' outside a profile; only 'default' goes there"))
                }
                config.defaultProfile = value
            }
        }
        if let d = config.defaultProfile, config.profile(named: d) == nil {
            return .failure(Problem(line: 0, message: "the default profile '\(d)' is not defined"))
        }
        return .success(config)
    }

    static func stripComment(_ line: Substring) -> Substring {
        var inBasic = false, inLiteral = false, escaped = false
        for i in line.indices {
            let c = line[i]
            if inBasic {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inBasic = false }
            } else if inLiteral {
                if c == "'" { inLiteral = false }
            } else if c == "\"" { inBasic = true }
            else if c == "'" { inLiteral = true }
            else if c == "#" { return line[..<i] }
        }
        return line
    }

    static func parseValue(_ v: String) -> Result<String, ValueProblem> {
        if v.hasPrefix("'") {
            guard v.count >= 2, v.hasSuffix("'") else { return .failure(ValueProblem("a literal string has no closing quote")) }
            return .success(String(v.dropFirst().dropLast()))
        }
        if v.hasPrefix("\"") {
            guard v.count >= 2, v.hasSuffix("\"") else { return .failure(ValueProblem("a string has no closing quote")) }
            var out = ""
            var it = v.dropFirst().dropLast().makeIterator()
            while let c = it.next() {
                guard c == "\\" else { out.append(c); continue }
                switch it.next() {
                case "\""?: out.append("\"")
                case "\\"?: out.append("\\")
                case "n"?: out.append("\n")
                case "t"?: out.append("\t")
                case "u"?:
                    var hex = ""
                    for _ in 0..<4 { if let h = it.next() { hex.append(h) } }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { return .failure(ValueProblem("a \\u escape needs four hex digits")) }
                    out.unicodeScalars.append(scalar)
                default: return .failure(ValueProblem("unknown escape in a string"))
                }
            }
            return .success(out)
        }
        if v == "true" || v == "false" || Int(v) != nil { return .success(v) }
        return .failure(ValueProblem("a value must be a quoted string, a number, true or false"))
    }

    /// Reads the file; nil when there is none. `warn` hears about loose permissions.
    public static func load(path: String, warn: (String) -> Void) -> Result<ConfigFile, Problem>? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        if st.st_mode & 0o077 != 0 {
            warn("\(path) can be read by other users; it may hold API keys, so run: chmod 600 \(path)")
        }
        guard let f = fopen(path, "r") else { return .failure(Problem(line: 0, message: "\(path) cannot be read")) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes += buf[0..<n]
            if bytes.count > 1 << 20 { return .failure(Problem(line: 0, message: "\(path) is larger than 1 MiB")) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem(line: 0, message: "\(path) is not valid UTF-8"))
        }
        return parse(text)
    }
}
