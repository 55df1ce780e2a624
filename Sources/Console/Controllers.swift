/// The one list of the console's controllers. Add a line per feature.
public enum Controllers {
    public static func all(services: ConsoleServices) -> [any ConsoleController] {
        [
            HealthController(),
            ReadinessController(readiness: Readiness(sessions: services.sessions, accounts: services.accounts)),
            MetricsController(metrics: services.metrics),
            LoginController(services: services),
            PasswordController(services: services),
            PagesController(services: services),
            GrantEditorController(services: services),
            RoomsController(services: services),
            MembersController(services: services),
            SnapshotsController(services: services),
            ReviewsController(services: services),
            OperationsController(services: services),
            OffboardController(services: services),
            BulkGrantController(services: services),
            CopyRoomController(services: services),
            TokensController(services: services),
            ExportsController(services: services),
            OAuthClientsController(services: services),
            StorageController(services: services),
        ] + (services.sso.map { [SingleSignOnController(services: services, sso: $0)] } ?? [])
    }
}
