import GrantModel

/// `/projects`: the projects the upstream token can see.
struct ProjectsPageModel: Sendable {
    struct Row: Sendable {
        var name: String
        var id: String
        var overviewURL: String
        var accessURL: String
        var auditURL: String
    }

    var projects: [Row]
    var hasProjects: Bool
    var countText: String

    init(projects: [Project]) {
        self.projects = projects.map { project in
            Row(
                name: visible(project.displayName),
                id: visible(project.id),
                overviewURL: SiteURL.project(project.id).path,
                accessURL: SiteURL.access(project.id).path,
                auditURL: SiteURL.audit(project.id).path
            )
        }
        hasProjects = !projects.isEmpty
        countText = String(projects.count)
    }
}
