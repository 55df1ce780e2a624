/// The forms' stylesheet and script, linked (on top of app.css) from the grant
/// editor's pages and from the admin room and member forms.
enum EditorAssets {
    static let stylesheet = SiteURL.static("css/editor.css").path
    static let script = SiteURL.static("js/editor.js").path
}
