#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TOMLKit

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
/// Read with TOMLKit, so every TOML form works (quoted keys such as `[profiles."acme-eu"]`,
/// inline tables, literal strings); a key cxq does not know is an error naming its line.
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

    /// A problem in the file, with its line.
    public struct Problem: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The file's shape, for TOMLKit's strict decoder: any other key is an error.
    struct Document: Decodable {
        var `default`: String?
        var profiles: [String: ProfileDocument]?
    }

    struct ProfileDocument: Decodable {
        var base_url: String?
        var company: String?
        var api_key: String?
        var api_key_env: String?
    }

    /// Parses the text of a config file (TOML, read by TOMLKit).
    public static func parse(_ text: String) -> Result<ConfigFile, Problem> {
        let document: Document
        do {
            document = try TOMLDecoder(strictDecoding: true).decode(Document.self, from: text)
        } catch let e as TOMLParseError {
            return .failure(Problem(line: e.source.begin.line, message: "this is not valid TOML (\(e.description))"))
        } catch let e as UnexpectedKeysError {
            // Name the first unknown key in the order of the file.
            let found = e.keys.map { key, path -> (Int, String, String?) in
                let table = path.dropLast().last?.stringValue
                let inProfile = path.count >= 2 && path.first?.stringValue == "profiles"
                return (ConfigFile.line(ofKey: key, in: text), key, inProfile ? table : nil)
            }.min { $0.0 < $1.0 }!
            if let profile = found.2 {
                return .failure(Problem(line: found.0, message: "unknown key '\(found.1)' in profile '\(profile)'; a profile has base_url, company, api_key or api_key_env"))
            }
            return .failure(Problem(line: found.0, message: "unknown key '\(found.1)'; the file holds 'default' and [profiles.NAME] tables"))
        } catch let e as DecodingError {
            return .failure(Problem(line: 0, message: describe(e)))
        } catch {
            return .failure(Problem(line: 0, message: "the file could not be read as TOML"))
        }
        var config = ConfigFile()
        config.defaultProfile = document.default
        // Profiles in the order the file defines them.
        let names = (document.profiles ?? [:]).keys.sorted {
            (line(ofTable: $0, in: text), $0) < (line(ofTable: $1, in: text), $1)
        }
        for name in names {
            let p = document.profiles![name]!
            config.profiles.append(Profile(name: name, baseURL: p.base_url, company: p.company,
                                           apiKey: p.api_key.map(Secret.init), apiKeyEnv: p.api_key_env))
        }
        if let d = config.defaultProfile, config.profile(named: d) == nil {
            return .failure(Problem(line: line(ofKey: "default", in: text), message: "the default profile '\(d)' is not defined"))
        }
        return .success(config)
    }

    /// A type mismatch in words: `profiles.acme.company must be a string`.
    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            let path = c.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "the file does not have the expected shape" : "\(path) must be a string"
        @unknown default:
            return "the file does not have the expected shape"
        }
    }

    /// The 1-based line where `key =` (bare or quoted) or a table `[key]` is first written;
    /// 0 when not found.
    static func line(ofKey key: String, in text: String) -> Int {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            let compact = line.filter { $0 != " " && $0 != "\t" }
            if compact.hasPrefix("[\(key)]") || compact.hasPrefix("[\(key).") { return i + 1 }
            for spelled in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(spelled) {
                let rest = line.dropFirst(spelled.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return 0
    }

    /// The 1-based line of the `[profiles.NAME]` header (bare or quoted name); Int.max when absent.
    static func line(ofTable name: String, in text: String) -> Int {
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let compact = raw.filter { $0 != " " && $0 != "\t" }
            if compact.hasPrefix("[profiles.\(name)]") || compact.hasPrefix("[profiles.\"\(name)\"]")
                || compact.hasPrefix("[profiles.'\(name)']") { return i + 1 }
        }
        return Int.max
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
