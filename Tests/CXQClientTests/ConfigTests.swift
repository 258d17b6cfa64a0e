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
        guard case .success(let c) = ConfigFile.parse(text.replacingOccurrences(of: "[profiles.'beta']", with: "[profiles.beta]")) else {
            Issue.record("not parsed"); return
        }
        #expect(c.defaultProfile == "acme")
        #expect(c.profiles.map(\.name) == ["acme", "beta"])
        #expect(c.profile(named: "acme")?.baseURL == "http://127.0.0.1:8080/")
        #expect(c.profile(named: "acme")?.apiKeyEnv == "ACME_KEY")
        #expect(c.profile(named: "beta")?.apiKey?.reveal() == "sk_beta_A")
    }

    @Test(arguments: [
        ("[other]\n", 1, "unknown table [other]; profiles are written [profiles.NAME]"),
        ("[profiles.a]\ncompany = acme\n", 2, "a value must be a quoted string, a number, true or false"),
        ("[profiles.a]\ncolour = \"x\"\n", 2, "unknown key 'colour'; a profile has base_url, company, api_key or api_key_env"),
        ("key \"x\"\n", 1, "expected key = value"),
        ("[profiles.a]\ncompany = \"x\n", 2, "a string has no closing quote"),
        ("default = \"nope\"\n", 0, "the default profile 'nope' is not defined"),
    ])
    func problemsNameTheirLine(_ text: String, _ line: Int, _ message: String) {
        guard case .failure(let p) = ConfigFile.parse(text) else { Issue.record("accepted"); return }
        #expect(p.line == line)
        #expect(p.message == message)
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
