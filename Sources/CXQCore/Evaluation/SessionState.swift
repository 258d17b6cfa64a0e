/// Everything a session's commands read and change: the workspace and the settings.
public struct SessionState: Sendable {
    public var workspace = Workspace()
    public var settings = Settings()

    public init() {}
}
