// Every model a template reads field by field, rows above all (see
// `TemplateFields`). A model left off this list still renders, only slower.

extension PageModel: TemplateFields {}
extension Badge: TemplateFields {}
extension PageNav: TemplateFields {}
extension PageNav.Item: TemplateFields {}

extension ProjectsPageModel: TemplateFields {}
extension OverviewPageModel: TemplateFields {}
extension OverviewPageModel.RoomRow: TemplateFields {}
extension OverviewPageModel.UserRow: TemplateFields {}
extension OverviewPageModel.QuickLink: TemplateFields {}
extension RoomPageModel: TemplateFields {}
extension UserPageModel: TemplateFields {}
extension GrantRow: TemplateFields {}
extension GrantTable: TemplateFields {}
extension GrantPageModel: TemplateFields {}
extension ScopeSectionView: TemplateFields {}
extension ScopeSectionView.Line: TemplateFields {}

extension AccessPageModel: TemplateFields {}
extension AccessPageModel.CheckOption: TemplateFields {}
extension AccessPageModel.ArgumentField: TemplateFields {}
extension AccessPageModel.Answer: TemplateFields {}
extension AccessPageModel.CanForm: TemplateFields {}
extension AccessPageModel.WhoRow: TemplateFields {}
extension AccessPageModel.WhoForm: TemplateFields {}

extension AuditPageModel: TemplateFields {}
extension AuditPageModel.Chain: TemplateFields {}
extension AuditPageModel.Option: TemplateFields {}
extension AuditPageModel.Entry: TemplateFields {}

extension RoomRow: TemplateFields {}
extension RoomsPage: TemplateFields {}
extension FlagBox: TemplateFields {}
extension MemberRow: TemplateFields {}
extension MembersPage: TemplateFields {}

extension GrantEditorPage: TemplateFields {}
extension HiddenField: TemplateFields {}
extension RoomOption: TemplateFields {}
extension ErrorItem: TemplateFields {}
extension PresetButton: TemplateFields {}
extension UnknownList: TemplateFields {}
extension ScopeEditorView: TemplateFields {}
extension ScopeEditorView.Section: TemplateFields {}
extension ScopeEditorView.Field: TemplateFields {}
extension ScopeEditorView.Flag: TemplateFields {}
extension ScopeEditorView.List: TemplateFields {}
extension ScopeEditorView.Registry: TemplateFields {}
extension ScopeEditorView.UnknownKey: TemplateFields {}
extension ScopeEditorView.Rows: TemplateFields {}
extension ScopeEditorView.Row: TemplateFields {}
extension ScopeEditorView.RowText: TemplateFields {}
extension ScopeEditorView.Namespace: TemplateFields {}
extension ScopeEditorView.RowFlag: TemplateFields {}
