import CXQClient
import Testing

@Suite struct ConfigTests {
    let text = """
    # cxq profiles
    default = "acme"

    [profiles.acme]
    base_url = "http://127.0.0.1:8080/"   # a local sim
    company = "acme_schema"
    api_key_env = "ACME_KEY"

    [profiles.'beta']
    company = 'beta'
    api_key = "sk_beta_\\u0041"
    """

    @Test func parsesProfiles() throws {
        guard case .success(let c) = ConfigFile.parse(text) else {
            Issue.record("not parsed"); return
        }
        #expect(c.defaultProfile == "acme")
        #expect(c.profiles.map(\.name) == ["acme", "beta"])
        #expect(c.profile(named: "acme")?.baseURL == "http://127.0.0.1:8080/")
        #expect(c.profile(named: "acme")?.apiKeyEnv == "ACME_KEY")
        #expect(c.profile(named: "beta")?.apiKey?.reveal() == "sk_beta_A")
    }

    @Test(arguments: [
        ("[other]\n", 1, "unknown key 'other'; the file holds 'default' and [profiles.NAME] tables"),
        ("[profiles.a]\ncompany = acme\n", 2, "this is not valid TOML (Error while parsing value: could not determine value type)"),
        ("[profiles.a]\ncolour = \"x\"\n", 2, "unknown key 'colour' in profile 'a'; a profile has base_url, company, api_key or api_key_env"),
        ("[profiles.\"acme-eu\"]\ncompany = \"x\"\n\n'api_kee' = \"k\"\n", 4, "unknown key 'api_kee' in profile 'acme-eu'; a profile has base_url, company, api_key or api_key_env"),
        ("key \"x\"\n", 1, "this is not valid TOML (Error while parsing key-value pair: expected '=', saw '\"')"),
        ("[profiles.a]\ncompany = \"x\n", 2, "this is not valid TOML (Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited)"),
        ("default = \"nope\"\n", 1, "the default profile 'nope' is not defined"),
        ("[profiles.a]\ncompany = 7\n", 0, "profiles.a.company must be a string"),
    ])
    func problemsNameTheirLine(_ text: String, _ line: Int, _ message: String) {
        guard case .failure(let p) = ConfigFile.parse(text) else { Issue.record("accepted"); return }
        #expect(p.line == line)
        #expect(p.message == message)
    }

    /// Valid TOML as a user writes it: quoted keys, literal strings, inline tables, comments.
    @Test func everyTOMLFormReads() throws {
        let text = """
            # profiles for two regions
            default = 'acme-eu'

            [profiles."acme-eu"]
            company = "acme_eu"   # the tenant schema
            api_key_env = 'ACME_EU_KEY'

            [profiles]
            "beta.us" = { company = "beta", base_url = "http://127.0.0.1:9/", api_key = "sk_beta_\\u0041" }
            """
        guard case .success(let c) = ConfigFile.parse(text) else { Issue.record("not parsed: \(ConfigFile.parse(text))"); return }
        #expect(c.defaultProfile == "acme-eu")
        #expect(c.profiles.map(\.name) == ["acme-eu", "beta.us"])
        #expect(c.profile(named: "acme-eu")?.company == "acme_eu")
        #expect(c.profile(named: "acme-eu")?.apiKeyEnv == "ACME_EU_KEY")
        #expect(c.profile(named: "beta.us")?.baseURL == "http://127.0.0.1:9/")
        #expect(c.profile(named: "beta.us")?.apiKey?.reveal() == "sk_beta_A")
    }

    @Test func credentialsComeFromTheEnvironmentOrAProfile() throws {
        guard case .success(let config) = ConfigFile.parse("[profiles.acme]\nbase_url = \"http://127.0.0.1:1\"\ncompany = \"acme\"\napi_key_env = \"ACME_KEY\"\n[profiles.nokey]\ncompany = \"x\"\n") else {
            Issue.record("not parsed"); return
        }
        let env = ["CLOSERX_API_KEY": "envkey", "CLOSERX_COMPANY": "envco", "ACME_KEY": "acmekey"]
        let conn = Connection(environment: Environment(env), config: config, configPath: "/x/config.toml")
        let fromEnv = try conn.credentials(profile: nil)
        #expect(fromEnv?.company == "envco")
        #expect(fromEnv?.baseURL == "https://app.closerx.ai")
        #expect(fromEnv?.apiKey.reveal() == "envkey")
        let acme = try conn.credentials(profile: "acme")
        #expect(acme?.apiKey.reveal() == "acmekey")
        #expect(acme?.label == "acme")
        #expect(throws: ClientError.configuration("profile 'nokey' has neither api_key nor api_key_env")) { try conn.credentials(profile: "nokey") }
        #expect(throws: ClientError.configuration("there is no profile 'zzz'; the profiles are acme, nokey")) { try conn.credentials(profile: "zzz") }
        let noCompany = Connection(environment: ["CLOSERX_API_KEY": "k"], config: ConfigFile(), configPath: nil)
        #expect(throws: ClientError.self) { try noCompany.credentials(profile: nil) }
        let nothing = Connection(environment: [:], config: ConfigFile(), configPath: nil)
        #expect(try nothing.credentials(profile: nil) == nil)
        let badEnvKey = Connection(environment: ["ACME_KEY": ""], config: config, configPath: nil)
        #expect(throws: ClientError.configuration("profile 'acme' takes its key from ACME_KEY, which is not set")) { try badEnvKey.credentials(profile: "acme") }
    }
}
