import ArgumentParser
import Foundation
import ProfilePackage
import RSPCore
import RSPCrypto

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print an SGP.22 message (DER, base64, hex, or an ES9+ JSON body) as JSON.",
        discussion: """
            The structure is detected from the outer tag (each SGP.22 structure that uses the tag is tried \
            in turn) unless --type names it. A JSON body's base64 fields are decoded by field name. \
            A file starting with a SAIP ProfileHeader is shown as an Unprotected Profile Package.
            """
    )

    @Argument(help: "A file, or - for standard input.")
    var input: String?

    @Option(help: "Decode as this structure (see --list-types).")
    var type: String?

    @Flag(help: "List the structure names --type accepts.")
    var listTypes = false

    func run() throws {
        if listTypes {
            print(MessageCatalogue.entries.map(\.name).joined(separator: "\n"))
            return
        }
        guard let input else { throw ValidationError("give a FILE or - for standard input") }
        let bytes: [UInt8]
        if input == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read \(input)")
            }
            bytes = Array(data)
        }
        do {
            let rendered = try MessageRenderer(typeName: type).render(bytes)
            print(String(decoding: try MessageRenderer.json(rendered), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("openrsp decode: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
