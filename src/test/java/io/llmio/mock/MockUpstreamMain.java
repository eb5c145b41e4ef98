package io.llmio.mock;

/**
 * Runs the mock by hand: {@code MockUpstreamMain [port] [key] [scenario]}. Defaults: port 8089,
 * key {@code mock-upstream-key}, scenario {@code text}; key {@code -} accepts any key.
 * e.g. {@code ./llmio mvn -q -Dskip.ui=true test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.llmio.mock.MockUpstreamMain -Dexec.args="8089 sk-test"}.
 */
public final class MockUpstreamMain {

    private MockUpstreamMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        String key = args.length > 1 ? args[1] : "mock-upstream-key";
        Scenario scenario = args.length > 2 ? Scenario.parse(args[2]).orElseThrow(
                () -> new IllegalArgumentException("unknown scenario " + args[2])) : Scenario.TEXT;
        MockUpstream mock = MockUpstream.builder().port(port).apiKey(key.equals("-") ? null : key)
                .scenario(scenario).start();
        Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
        System.out.println("mock upstream on " + mock.rootUrl() + "  (scenario " + scenario.file() + ")");
        for (MockProtocol p : MockProtocol.values()) {
            System.out.println("  " + p.dir() + " base URL: " + mock.baseUrl(p));
        }
        Thread.currentThread().join();
    }
}
