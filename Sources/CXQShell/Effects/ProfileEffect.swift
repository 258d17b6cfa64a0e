import CXQClient
import CXQCore

/// `profile` lists the profiles; `profile NAME` switches to one, keeping the workspace.
enum ProfileEffect {
    static func run(_ name: String?, session: Session) throws(QueryError) -> Value {
        guard let provider = session.provider else {
            if let name {
                throw QueryError(.effect("there is no profile '\(name)'; days come from \(session.source.description)", .config), nil)
            }
            return .message("no profiles are configured; days come from \(session.source.description)")
        }
        guard let name else { return listing(provider, source: session.source) }
        do throws(ClientError) {
            try provider.select(profile: name)
        } catch {
            throw QueryError(.effect(error.sentence, error.category), nil)
        }
        session.source = provider.source
        session.sourceNotice = nil
        return .message("using profile \(name): \(session.source.description); the workspace is kept")
    }

    static func listing(_ provider: SourceProvider, source: any DaySource) -> Value {
        let current = provider.credentials?.profile
        var rows: [[Cell]] = provider.connection.config.profiles.map { p in
            let key = p.apiKey != nil ? "in the config file" : (p.apiKeyEnv.map { "$" + $0 } ?? "none")
            return [.text(p.name == current ? "*" : ""), .text(p.name), .text(p.company ?? ""),
                    .text(Endpoint.redacted(p.baseURL ?? Credentials.productionBaseURL)), .text(key)]
        }
        let e = provider.connection.environment
        if let env = e["CLOSERX_API_KEY"], !env.isEmpty {
            rows.insert([.text(provider.credentials != nil && current == nil ? "*" : ""), .text("(environment)"),
                         .text(e["CLOSERX_COMPANY"] ?? ""), .text(Endpoint.redacted(e["CLOSERX_BASE_URL"] ?? Credentials.productionBaseURL)),
                         .text("$CLOSERX_API_KEY")], at: 0)
        }
        return .table(Table(columns: ["current", "profile", "company", "base_url", "key"], rows: rows,
                            title: "days come from \(source.description)"))
    }
}
