import ArgumentParser

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SM-DP+ (ES9+/ES2+) and SM-DS over HTTPS."
    )

    func run() throws {
        // The ES9+ server is the next milestone (issue "The download loop"). Until then say so
        // plainly and fail, rather than pretend to serve.
        print("""
            openrsp serve: the SM-DP+ server is not part of this build yet.
            Available now: `openrsp pki init` (SGP.22 test PKI) and `openrsp decode` (SGP.22 DER → JSON).
            """)
        throw ExitCode(1)
    }
}
