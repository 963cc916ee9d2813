import ArgumentParser

/// Options every command that touches app data shares.
public struct DataOptions: ParsableArguments {
    public init() {}

    @Option(name: .customLong("data-dir"), help: "Data folder (default: $MINIMEDIA_HOME or ~/.local/share/minimedia).")
    public var dataDir: String?

    @Option(help: "Conventions to follow: wx, qq, swan, tt or my.")
    public var dialect: String = "wx"
}
