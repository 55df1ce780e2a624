/// The one list of the console's controllers. Add a line per feature.
public enum Controllers {
    public static func all(services: ConsoleServices) -> [any ConsoleController] {
        [
            HealthController(),
            LoginController(services: services),
            PasswordController(services: services),
            PagesController(services: services),
            GrantEditorController(services: services),
            RoomsController(services: services),
            MembersController(services: services),
        ] + (services.sso.map { [SingleSignOnController(services: services, sso: $0)] } ?? [])
    }
}
