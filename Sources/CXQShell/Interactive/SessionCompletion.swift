#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient
import CXQCore

extension Session {
    /// What TAB completion may offer now: the workspace's days and names, and the campaigns and
    /// dates the local store holds for the current source (never another company's).
    public func completionContext() -> CompletionContext {
        var c = CompletionContext()
        let ws = state.workspace
        var campaigns = ws.campaigns
        let creds = provider?.credentials
        let store = provider.flatMap { p -> DayStore? in
            guard creds != nil, let path = p.storePath, access(path, F_OK) == 0 else { return nil }
            return try? p.openStore()
        }
        if let creds, let stored = try? store?.campaigns(base: creds.baseURL, company: creds.company) {
            campaigns += stored.filter { !campaigns.contains($0) }
        }
        c.campaigns = campaigns
        c.dayNumbers = ws.entries.map(\.number)
        c.names = ws.names.keys.sorted()
        c.profiles = provider?.connection.config.profiles.map(\.name) ?? []
        c.dates = { campaign in
            var dates = ws.entries.filter { $0.info.campaign == campaign }.map { $0.info.date.description }
            if let creds, let more = try? store?.dates(base: creds.baseURL, company: creds.company, campaign: campaign) {
                dates += more.filter { !dates.contains($0) }
            }
            return dates.sorted()
        }
        return c
    }
}
