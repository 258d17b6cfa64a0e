import CXQClient
import CXQCore

/// `profile` lists the profiles; `profile NAME` switches to one. The config file is read again
/// first, so a profile added while cxq runs is found. A profile of another source (base URL or
/// company) switches to that source's own workspace: no answer ever mixes companies.
enum ProfileEffect {
    static func run(_ name: String?, session: Session) throws(QueryError) -> Value {
        guard let provider = session.provider else {
            if let name {
                throw QueryError(.effect("there is no profile '\(name)'; days come from \(session.source.description)", .config), nil)
            }
            return .message("no profiles are configured; days come from \(session.source.description)")
        }
        do throws(ClientError) {
            try provider.reloadConfig(warn: { session.err.writeLine("cxq: warning: \($0)") })
            guard let name else { return listing(provider, source: session.source) }
            let before = (key: provider.sourceKey, name: provider.sourceName, profile: provider.credentials?.profile ?? "default")
            // `profile default`: the source cxq started with (the environment, the config's default
            // profile, or demo data), unless a profile is named so.
            let startSource = name == "default" && provider.connection.config.profile(named: "default") == nil
            try provider.select(profile: startSource ? nil : name)
            session.source = provider.source
            session.sourceNotice = nil
            guard provider.sourceKey != before.key else {
                return .message("using profile \(name): \(session.source.description); the same source, so the workspace is kept")
            }
            let left = session.state.workspace.count
            session.switchWorkspace(from: before.key, to: provider.sourceKey)
            var text = "using profile \(name) (\(provider.credentials.map { "company \($0.company)" } ?? provider.sourceName)): "
                + "its own workspace, \(plural(session.state.workspace.count, "day"))"
            if left > 0 { text += "; \(before.name)'s \(plural(left, "day")) wait until you switch back ('profile \(before.profile)')" }
            return .message(text)
        } catch {
            throw QueryError(.effect(error.sentence, error.category), nil)
        }
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
