package io.llmio.limits;

import io.llmio.errors.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIpResolverTest {
    private final ClientIpResolver none = new ClientIpResolver("");
    private final ClientIpResolver proxies = new ClientIpResolver(" 127.0.0.1, 10.0.0.0/8 ,::1, fd00::/8,192.168.1.0/30");

    @Test
    void untrustedPeerIsTheClientWhateverTheHeadersSay() {
        assertThat(none.resolve("203.0.113.5:41000", "1.1.1.1", "2.2.2.2")).isEqualTo("203.0.113.5");
        assertThat(proxies.resolve("203.0.113.5", "10.0.0.1", "10.0.0.2")).isEqualTo("203.0.113.5");
        assertThat(proxies.resolve("10.0.0.1", null, null)).as("trusted, no headers").isEqualTo("10.0.0.1");
    }

    @Test
    void trustedPeerWalksForwardedForFromTheRight() {
        assertThat(proxies.resolve("127.0.0.1:5000", "198.51.100.7", null)).isEqualTo("198.51.100.7");
        assertThat(proxies.resolve("10.1.2.3", "6.6.6.6, 198.51.100.7, 10.0.0.9, 192.168.1.2", null))
                .as("spoofed left part ignored, trusted hops skipped").isEqualTo("198.51.100.7");
        assertThat(proxies.resolve("[::1]:8080", "2001:DB8:0:0::7, fd12::1", null)).isEqualTo("2001:db8::7");
        assertThat(proxies.resolve("127.0.0.1", "[2001:db8::9]:443", null)).isEqualTo("2001:db8::9");
        assertThat(proxies.resolve("127.0.0.1", "198.51.100.7:1234", null)).isEqualTo("198.51.100.7");
    }

    @Test
    void allTrustedHopsFallBackToRealIpThenLeftmostHop() {
        assertThat(proxies.resolve("127.0.0.1", "10.0.0.5, 10.0.0.6", "198.51.100.8")).isEqualTo("198.51.100.8");
        assertThat(proxies.resolve("127.0.0.1", "10.0.0.5, 10.0.0.6", null)).isEqualTo("10.0.0.5");
        assertThat(proxies.resolve("127.0.0.1", null, "198.51.100.8")).isEqualTo("198.51.100.8");
        assertThat(proxies.resolve("127.0.0.1", "", " 198.51.100.8 ")).isEqualTo("198.51.100.8");
        assertThat(proxies.resolve("127.0.0.1", null, "not-an-ip")).isEqualTo("127.0.0.1");
    }

    @Test
    void garbageHopStopsTheWalkAtTheLastTrustedHop() {
        assertThat(proxies.resolve("127.0.0.1", "198.51.100.7, unknown, 10.0.0.3", null)).isEqualTo("10.0.0.3");
        assertThat(proxies.resolve("127.0.0.1", "evil.example.com", null)).isEqualTo("127.0.0.1");
    }

    @Test
    void cidrBoundaries() {
        assertThat(proxies.trusts("192.168.1.3")).isTrue();
        assertThat(proxies.trusts("192.168.1.4")).isFalse();
        assertThat(proxies.trusts("10.255.255.255")).isTrue();
        assertThat(proxies.trusts("11.0.0.0")).isFalse();
        assertThat(proxies.trusts("fdff:ffff::1")).isTrue();
        assertThat(proxies.trusts("fe00::1")).isFalse();
        assertThat(proxies.trusts("::2")).isFalse();
        assertThat(proxies.trusts("::ffff:10.9.8.7")).as("IPv4-mapped IPv6 is the IPv4 address").isTrue();
        assertThat(new ClientIpResolver("2001:db8::/33").trusts("2001:db8:7fff::1")).isTrue();
        assertThat(new ClientIpResolver("2001:db8::/33").trusts("2001:db8:8000::1")).isFalse();
        assertThat(new ClientIpResolver("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
        assertThat(new ClientIpResolver("0.0.0.0/0").trusts("::1")).as("families do not mix").isFalse();
        assertThat(new ClientIpResolver("::ffff:10.0.0.0/104").trusts("10.1.1.1")).isTrue();
        assertThat(new ClientIpResolver("10.1.2.3/8, ::1").trustedProxies()).containsExactly("10.0.0.0/8", "::1/128");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "203.0.113.5:41000|203.0.113.5",
            "/203.0.113.5:41000|203.0.113.5",
            "[2001:db8::1]:443|2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001|2001:db8::1",
            "::ffff:203.0.113.5|203.0.113.5",
            "[::ffff:203.0.113.5]:80|203.0.113.5",
            "2001:db8:0:1:0:0:0:1|2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
            "2001:db8:1:1:1:1:0:1|2001:db8:1:1:1:1:0:1",
            "fe80::1%eth0|fe80::1",
            "0:0:0:0:0:0:0:0|::"})
    void peerFormsAreCanonical(String remote, String expected) {
        assertThat(none.resolve(remote, null, null)).isEqualTo(expected);
    }

    @Test
    void missingPeer() {
        assertThat(none.resolve(null, "1.2.3.4", null)).isEqualTo("unknown");
        assertThat(none.resolve("", null, null)).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.256", "localhost", "::1/129", "10.0.0.0/", "10.0.0.0/x",
                            "1.2.3", "fd00::/-1", "gggg::1"})
    void malformedEntriesStopStartup(String entry) {
        assertThatThrownBy(() -> new ClientIpResolver("127.0.0.1," + entry))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("TRUSTED_PROXIES")
                .hasMessageContaining("\"" + entry + "\"");
    }

    @Test
    void blankMeansTrustNobody() {
        assertThat(new ClientIpResolver(null).trustedProxies()).isEmpty();
        assertThat(new ClientIpResolver(" , ").trustedProxies()).isEmpty();
    }

    @Test
    void peerMemoPastItsBoundKeepsItsWorkingSet() {
        ClientIpResolver r = new ClientIpResolver(null);
        for (int round = 0; round < 3; round++) { // 4,000 regular peers, each seen a few times
            for (int i = 0; i < 4000; i++) {
                assertThat(r.resolve(peer(i), null, null)).isEqualTo(peer(i));
            }
        }
        for (int i = 4000; i < 6000; i++) { // then a burst of one-off peers pushes it past 4,096
            assertThat(r.resolve(peer(i), null, null)).isEqualTo(peer(i));
        }
        long held = r.memoizedPeers();
        assertThat(held).as("bounded").isLessThanOrEqualTo(4096);
        assertThat(held).as("not emptied at the bound: the regular peers are still there").isGreaterThan(3500);
    }

    private static String peer(int i) {
        return "10.1." + (i / 256) + "." + (i % 256);
    }
}
