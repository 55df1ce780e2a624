public import HTTPApp

/// A feature of the console that adds routes. Every controller is listed in
/// `Controllers.all(services:)`.
public protocol ConsoleController: Sendable {
    /// Names of the templates this controller renders (e.g. `"room"`,
    /// `"grants/edit"`); start-up fails if one is missing.
    static var templates: [String] { get }
    /// Adds this controller's routes.
    func register(on router: inout Router<ConsoleContext>)
}

extension ConsoleController {
    public static var templates: [String] { [] }
}
