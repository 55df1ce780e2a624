import Testing
import Synchronization
@testable import ServiceMetrics

@Suite struct PrometheusTextTests {
    @Test func countersRenderOneLinePerLabelSetWithHelpAndType() async {
        let registry = MetricsRegistry()
        let requests = registry.counter("app_requests_total", help: "Requests.", labels: ["route", "status"])
        requests.increment(["/a", "200"])
        requests.increment(["/a", "200"])
        requests.increment(["/b", "404"], by: 3)
        let text = await registry.render()
        #expect(text == """
            # HELP app_requests_total Requests.
            # TYPE app_requests_total counter
            app_requests_total{route="/a",status="200"} 2
            app_requests_total{route="/b",status="404"} 3

            """)
    }

    @Test func histogramBucketsAreCumulativeWithInfSumAndCount() async {
        let registry = MetricsRegistry()
        let latency = registry.histogram("app_seconds", help: "Latency.", buckets: [0.1, 1])
        latency.observe(0.05)
        latency.observe(0.5)
        latency.observe(7)
        let text = await registry.render()
        #expect(text.contains("app_seconds_bucket{le=\"0.1\"} 1\n"))
        #expect(text.contains("app_seconds_bucket{le=\"1\"} 2\n"))
        #expect(text.contains("app_seconds_bucket{le=\"+Inf\"} 3\n"))
        #expect(text.contains("app_seconds_sum 7.55\n"))
        #expect(text.contains("app_seconds_count 3\n"))
        #expect(latency.count() == 3)
    }

    /// A kept series is the family's own: counting through it or through
    /// the labels adds to the same line.
    @Test func aKeptSeriesIsTheOneItsLabelsName() async {
        let registry = MetricsRegistry()
        let requests = registry.counter("kept_total", help: "Kept.", labels: ["route"])
        let latency = registry.histogram("kept_seconds", help: "Kept.", labels: ["route"], buckets: [1])
        let counter = requests.series(["/a"])
        let histogram = latency.series(["/a"])
        #expect(requests.series(["/a"]) === counter)
        #expect(latency.series(["/a"]) === histogram)
        counter.increment()
        requests.increment(["/a"], by: 2)
        histogram.observe(0.5)
        latency.observe(3, ["/a"])
        #expect(requests.value(["/a"]) == 3)
        #expect(latency.count(["/a"]) == 2)
        let text = await registry.render()
        #expect(text.contains("kept_total{route=\"/a\"} 3\n"))
        #expect(text.contains("kept_seconds_bucket{route=\"/a\",le=\"1\"} 1\n"))
        #expect(text.contains("kept_seconds_count{route=\"/a\"} 2\n"))
    }

    @Test func aValueOnABucketBoundCountsInThatBucket() async {
        let registry = MetricsRegistry()
        let latency = registry.histogram("b", help: "B.", buckets: [1, 2])
        latency.observe(1)
        #expect(await registry.render().contains("b_bucket{le=\"1\"} 1\n"))
    }

    @Test func labelValuesCannotBreakTheFormat() async {
        let registry = MetricsRegistry()
        let counter = registry.counter("c_total", help: "C.", labels: ["route"])
        counter.increment(["a\"b\\c\nd 1\ne"])
        let text = await registry.render()
        #expect(text.contains(#"c_total{route="a\"b\\c\nd 1\ne"} 1"#))
        // Every line is a comment or one sample: no line was injected.
        for line in text.split(separator: "\n") {
            #expect(line.hasPrefix("#") || line.hasPrefix("c_total{"))
        }
    }

    @Test func sampledMetricsAreReadAtScrapeTimeAndAFailingOneIsLeftOut() async {
        struct Unavailable: Error {}
        let registry = MetricsRegistry()
        let value = Box()
        registry.sampled("open", help: "Open.") { value.read() }
        registry.sampled("broken_total", help: "Broken.", type: .counter) { throw Unavailable() }
        value.set(4)
        let text = await registry.render()
        #expect(text.contains("# TYPE open gauge\nopen 4\n"))
        #expect(!text.contains("broken_total"))
    }

    @Test func numbersAreWholeWhenWholeAndPreciseOtherwise() {
        #expect(PrometheusText.number(3) == "3")
        #expect(PrometheusText.number(0.0005) == "0.0005")
        #expect(PrometheusText.number(.infinity) == "+Inf")
    }
}

private final class Box: Sendable {
    private let value = Mutex(0.0)
    func set(_ new: Double) { value.withLock { $0 = new } }
    func read() -> Double { value.withLock { $0 } }
}
