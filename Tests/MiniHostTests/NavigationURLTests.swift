import MiniCore
import MiniHost
import Testing

@Suite("NavigationURL: page urls as WeChat's router reads them")
struct NavigationURLTests {
    func parse(_ url: String, from route: String? = "pages/index/index") throws -> NavigationURL {
        try NavigationURL.parse(url, from: route, api: "navigateTo")
    }

    @Test func absoluteAndRelativeRoutes() throws {
        #expect(try parse("/pages/b/b").route == "pages/b/b")
        #expect(try parse("../b/b").route == "pages/b/b")
        #expect(try parse("./chat/main").route == "pages/index/chat/main")
        #expect(try parse("chat/main").route == "pages/index/chat/main")
        #expect(try parse("//pages///b/./b").route == "pages/b/b")
        #expect(try parse("pages/b/b", from: nil).route == "pages/b/b")
        // Climbing above the package names no page (it is reported as not found).
        #expect(try parse("../../../etc/passwd").route == "../etc/passwd")
        #expect(try parse("/../app").route == "../app")
        #expect(try parse("/pages/b/b#frag?x=1").route == "pages/b/b")
    }

    @Test func queriesKeepWeChatsQuirks() throws {
        let url = try parse("/pages/b/b?id=7&name=%E4%B8%AD&flag&code=3==q&&=x&id=8#top")
        #expect(url.query == [
            .init("id", "8"), .init("name", "%E4%B8%AD"), .init("flag", "undefined"), .init("code", "3"),
        ])
        #expect(url.queryObject == ["id": "8", "name": "%E4%B8%AD", "flag": "undefined", "code": "3"])
        #expect(try parse("/pages/b/b?").query.isEmpty)
        #expect(try parse("/pages/b/b").query.isEmpty)
    }

    @Test func hostileUrlsFailAsParameterErrors() throws {
        let cases: [(String, String)] = [
            ("", "parameter error: parameter.url should not be empty;"),
            ("/pages/b/b\u{0}", "parameter error: parameter.url should not contain control characters;"),
            ("/pages/b/b\n", "parameter error: parameter.url should not contain control characters;"),
            ("/pages/b/b?x=\u{7F}", "parameter error: parameter.url should not contain control characters;"),
            (String(repeating: "é", count: 2049), "parameter error: parameter.url should be at most 4096 bytes instead of 4098;"),
        ]
        for (url, message) in cases {
            #expect(throws: MediaError(.parameterError, message)) { try parse(url) }
        }
        #expect(try parse("/" + String(repeating: "a", count: 4095)).route.utf8.count == 4095)
    }
}
