import GrantModel
import HTTPServer

extension GrantEditorController {
    /// Draws the editor from `input` exactly as posted, with errors next to
    /// the fields they concern and in the list at the top.
    func render(
        _ input: GrantEditorInput, pid: String, target: GrantTarget?, rooms: [String] = [],
        errors: [ScopeFieldError] = [], granteeErrors: [String: String] = [:], failure: String? = nil,
        notice: String? = nil, status: HTTPStatus = .ok, context: ConsoleContext
    ) -> HTTPResponse {
        let isJSON = input.view == .json
        var hidden = [HiddenField(name: GrantEditorInput.tokenName, value: input.token),
                      HiddenField(name: ScopeFormNames.view, value: input.view.rawValue)]
        if let loaded = input.form[GrantEditorInput.loadedName] {
            hidden.append(HiddenField(name: GrantEditorInput.loadedName, value: loaded))
        }
        let heading = target == nil ? "New grant" : "Edit grant"
        var page = GrantEditorPage(
            heading: heading,
            subheading: target.map { "User \($0.userID) in room \($0.room)" },
            action: Self.formAction(pid: pid, target: target),
            cancelURL: target.map { SiteURL.grant(pid: pid, room: $0.room, userID: $0.userID).path } ?? SiteURL.project(pid).path,
            hidden: hidden, isCreate: target == nil, isFormView: !isJSON, isJSONView: isJSON)
        if target == nil {
            let chosen = input.room
            var names = rooms
            if !chosen.isEmpty, !names.contains(chosen) { names.insert(chosen, at: 0) }
            page.rooms = names.map { RoomOption(value: $0, selected: $0 == chosen) }
            page.byUser = input.byUser
            page.userID = input.form["user_id"] ?? ""
            page.email = input.form["email"] ?? ""
            page.roomError = granteeErrors["room"]
            page.userError = granteeErrors["user_id"]
            page.emailError = granteeErrors["email"]
        }
        page.expires = input.form[ExpiryField.name] ?? ""
        page.expiresError = granteeErrors[ExpiryField.name]
        if isJSON {
            page.jsonText = input.form[ScopeFormNames.json] ?? "{}"
            page.unknown = UnknownList(ScopeEditorView.unknownKeys(
                in: input.form[ScopeFormNames.json], known: { ScopeSchema.isKnownSection($0) }))
        } else {
            let view = ScopeEditorView(form: input.form, errors: errors)
            page.unknown = UnknownList(view.unknown)
            page.scope = view
        }
        page.errors = errors.map { ErrorItem(text: $0.text, anchor: isJSON ? "scope-json" : Self.anchor(for: $0.path)) }
            + granteeErrors.sorted { $0.key < $1.key }.map { ErrorItem(text: $0.value, anchor: nil) }
        page.hasErrors = !page.errors.isEmpty
        page.failure = failure
        page.notice = notice
        return services.renderer.page("editor/grant", page, chrome: chrome(pid: pid, target: target, title: heading, context: context),
                                      status: status)
    }

    /// The id of the form element an error path belongs to: the field for
    /// `section.field…`, the section for a bare section name.
    static func anchor(for path: String) -> String? {
        guard !path.isEmpty else { return nil }
        let parts = path.split(whereSeparator: { $0 == "." || $0 == "[" }).map(String.init)
        guard let sectionKey = parts.first, let section = ScopeSchema.section(forKey: sectionKey) else { return nil }
        if parts.count >= 2, section.fields.contains(where: { $0.key == parts[1] }) {
            return ScopeEditorView.anchor(EditorPath.join(section.key, parts[1]))
        }
        return ScopeEditorView.anchor(section.key)
    }
}
