/// Everything the layout needs around a page: title, signed-in user, CSRF
/// token, project navigation, breadcrumbs and flash. Templates see it as
/// `{{chrome.*}}`; page content sees its own model as `{{page.*}}`.
public struct Chrome: Sendable {
    /// The page title (the layout appends " · GrantDesk").
    public var title: String
    public var appName = "GrantDesk"
    /// The signed-in user, nil on the login and public error pages.
    public var user: ChromeUser?
    /// A CSRF token masked for this response; every form posts it as `csrf`.
    public var csrf: String
    /// The project being looked at, for the project navigation.
    public var project: ChromeProject?
    public var breadcrumbs: [Breadcrumb] { didSet { hasBreadcrumbs = !breadcrumbs.isEmpty } }
    /// Whether there are breadcrumbs. Stored, not computed: mustache reads
    /// models by reflection and sees only stored properties.
    public private(set) var hasBreadcrumbs: Bool
    public var flash: Flash?
    /// Shown on error pages and in the footer so support can find the log line.
    public var requestID: String
    public var logoutURL = SiteURL.logout.path
    public var projectsURL = SiteURL.projects.path
    public var loginURL = SiteURL.login(next: nil).path
    public var stylesheetURL = SiteURL.static("css/app.css").path
    public var scriptURL = SiteURL.static("js/app.js").path
    /// Rules for paper (sign-off reports): navigation and forms left out.
    public var printStylesheetURL = SiteURL.static("css/print.css").path
    /// Seconds after which the page reloads itself (a `<meta>` refresh, so
    /// progress shows without JavaScript); nil for pages that stay put.
    public var refresh: String?

    public init(title: String, user: ChromeUser?, csrf: String, project: ChromeProject? = nil,
                breadcrumbs: [Breadcrumb] = [], flash: Flash? = nil, requestID: String) {
        self.title = title
        self.user = user
        self.csrf = csrf
        self.project = project
        self.breadcrumbs = breadcrumbs
        self.hasBreadcrumbs = !breadcrumbs.isEmpty
        self.flash = flash
        self.requestID = requestID
    }
}

/// The signed-in user as the layout shows it.
public struct ChromeUser: Sendable, Hashable {
    public var name: String
    public var role: String
    public var isAdmin: Bool
    public var isReviewer: Bool

    public init(_ user: ConsoleUser) {
        name = user.name
        role = user.role.rawValue
        isAdmin = user.role == .admin
        isReviewer = user.role == .reviewer
    }
}

/// The current project and the links of its navigation.
public struct ChromeProject: Sendable, Hashable {
    public var id: String
    public var name: String
    public var overviewURL: String
    public var roomsURL: String
    public var membersURL: String
    public var accessURL: String
    public var auditURL: String
    public var oauthClientsURL: String
    public var storageURL: String
    public var risksURL: String
    public var matrixURL: String
    public var reviewsURL: String
    public var snapshotsURL: String
    public var newGrantURL: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
        overviewURL = SiteURL.project(id).path
        roomsURL = SiteURL.rooms(id).path
        membersURL = SiteURL.members(id).path
        accessURL = SiteURL.access(id).path
        auditURL = SiteURL.audit(id).path
        oauthClientsURL = SiteURL.oauthClients(id).path
        storageURL = SiteURL.storage(pid: id, folder: nil).path
        risksURL = SiteURL.risks(id).path
        matrixURL = SiteURL.matrix(id).path
        reviewsURL = SiteURL.reviews(id).path
        snapshotsURL = SiteURL.snapshots(id).path
        newGrantURL = SiteURL.newGrant(pid: id, room: nil, user: nil).path
    }
}

/// One step of the breadcrumb trail; the last one usually has no URL.
public struct Breadcrumb: Sendable, Hashable {
    public var label: String
    public var url: String?

    public init(_ label: String, _ url: SiteURL?) {
        self.label = label
        self.url = url?.path
    }

    public init(label: String, url: String?) {
        self.label = label
        self.url = url
    }
}

extension ConsoleContext {
    /// The chrome for a page answered in this request, with a freshly masked
    /// CSRF token and the pending flash message.
    public func chrome(title: String, project: ChromeProject? = nil, breadcrumbs: [Breadcrumb] = []) -> Chrome {
        Chrome(title: title, user: user.map(ChromeUser.init), csrf: csrfSecret.map(CSRFToken.mask) ?? "",
               project: project, breadcrumbs: breadcrumbs, flash: flash, requestID: requestID)
    }
}
