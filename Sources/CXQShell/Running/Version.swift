/// cxq's version, as `cxq --version` prints it: the language version, then the release.
public enum Version {
    public static let text = "cxq 3.0.0 (language v3)"
}
