package io.llmio.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmio.errors.StartupException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The client IP that IP locks are keyed on (SPEC §5). Forwarding headers are believed only when
 * the direct peer is one of {@code TRUSTED_PROXIES}; otherwise anyone could pick their own IP.
 * Results are canonical text (dotted quad, RFC 5952 IPv6, IPv4-mapped IPv6 as IPv4), so one client
 * always maps to one lock owner.
 */
public final class ClientIpResolver {
    private static final HeaderName X_REAL_IP = HeaderNames.create("X-Real-IP");
    private final List<Cidr> trusted;
    /** peer as reported → resolved address, used only when no proxy is trusted; evicts the least useful past its bound */
    private final Cache<String, String> peers = Caffeine.newBuilder().maximumSize(4096).build();

    /** A network; a single address is a network of full length. */
    private record Cidr(byte[] network, int bits, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /**
     * @param trustedProxies the {@code TRUSTED_PROXIES} value: comma-separated IPs and CIDRs, IPv4
     *                       or IPv6, e.g. {@code 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8}; null or
     *                       blank trusts nobody
     * @throws StartupException naming TRUSTED_PROXIES and the bad entry
     */
    public ClientIpResolver(String trustedProxies) {
        List<Cidr> list = new ArrayList<>();
        if (trustedProxies != null) {
            for (String entry : trustedProxies.split(",")) {
                String e = entry.strip();
                if (!e.isEmpty()) {
                    list.add(parseEntry(e));
                }
            }
        }
        this.trusted = List.copyOf(list);
    }

    /**
     * @param remoteAddress the direct peer, as the socket reports it ({@code 1.2.3.4},
     *                      {@code 1.2.3.4:5678}, {@code [::1]:80}, {@code /10.0.0.1:5})
     * @param xForwardedFor the {@code X-Forwarded-For} value (several headers joined by commas),
     *                      or null
     * @param xRealIp       the {@code X-Real-IP} value, or null
     * @return when the peer is trusted: the first address from the right of X-Forwarded-For that
     *         is not a trusted proxy; if every hop is trusted, X-Real-IP when valid, else the
     *         leftmost hop. An entry that is not an IP literal (e.g. {@code unknown}) stops the
     *         walk at the last trusted hop, since nothing left of it can be believed. When the
     *         peer is not trusted: the peer. Never null; {@code unknown} when there is no peer.
     */
    public String resolve(String remoteAddress, String xForwardedFor, String xRealIp) {
        return resolveLazily(remoteAddress, () -> xForwardedFor, () -> xRealIp);
    }

    /** The client IP of a request, as limits, logs and the login throttle see it. */
    public String resolve(ServerRequest req) {
        return resolveLazily(req.remotePeer().host(),
                             () -> String.join(",", req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of)),
                             () -> req.headers().first(X_REAL_IP).orElse(null));
    }

    /**
     * As {@link #resolve(String, String, String)}, with the forwarding headers read only when a
     * proxy is trusted at all (the request path then never joins or looks them up).
     */
    public String resolveLazily(String remoteAddress, Supplier<String> xForwardedFor, Supplier<String> xRealIp) {
        if (trusted.isEmpty()) {
            // no proxy is believed: the answer depends on the peer alone, and peers repeat
            return remoteAddress == null ? resolvePeer(null, null, null)
                    : peers.get(remoteAddress, peer -> resolvePeer(peer, null, null));
        }
        return resolvePeer(remoteAddress, xForwardedFor.get(), xRealIp.get());
    }

    private String resolvePeer(String remoteAddress, String xForwardedFor, String xRealIp) {
        String peerText = IpAddresses.clean(remoteAddress);
        byte[] peer = IpAddresses.parse(peerText);
        if (peer == null) {
            return peerText.isEmpty() ? "unknown" : peerText;
        }
        if (!trusts(peer)) {
            return IpAddresses.format(peer);
        }
        byte[] last = peer;
        boolean walked = false;
        if (xForwardedFor != null) {
            String[] hops = xForwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hopText = IpAddresses.clean(hops[i]);
                if (hopText.isEmpty()) {
                    continue;
                }
                byte[] hop = IpAddresses.parse(hopText);
                if (hop == null) {
                    return IpAddresses.format(last);
                }
                last = hop;
                walked = true;
                if (!trusts(hop)) {
                    return IpAddresses.format(hop);
                }
            }
        }
        byte[] real = IpAddresses.parse(IpAddresses.clean(xRealIp));
        if (real != null) {
            return IpAddresses.format(real);
        }
        return IpAddresses.format(walked ? last : peer);
    }

    /** How many peers the memo holds now (tests). */
    long memoizedPeers() {
        peers.cleanUp();
        return peers.estimatedSize();
    }

    /** True when {@code address} (any accepted form) is a trusted proxy. */
    public boolean trusts(String address) {
        byte[] b = IpAddresses.parse(IpAddresses.clean(address));
        return b != null && trusts(b);
    }

    /** The trusted networks in canonical CIDR form, for display. */
    public List<String> trustedProxies() {
        return trusted.stream().map(Cidr::text).toList();
    }

    private boolean trusts(byte[] address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Cidr parseEntry(String entry) {
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = IpAddresses.parse(addressText);
        if (network == null) {
            throw bad(entry, "is not an IP address or CIDR");
        }
        int max = network.length * 8;
        int bits = max;
        if (slash >= 0) {
            String bitsText = entry.substring(slash + 1);
            if (!bitsText.matches("\\d{1,3}")) {
                throw bad(entry, "has a prefix length that is not a number");
            }
            bits = Integer.parseInt(bitsText);
            if (network.length == 4 && addressText.contains(":")) { // ::ffff:10.0.0.0/104 → 10.0.0.0/8
                bits -= 96;
            }
            if (bits < 0 || bits > max) {
                throw bad(entry, "has a prefix length outside 0.." + max);
            }
        }
        for (int i = 0; i < network.length; i++) { // zero host bits: 10.1.2.3/8 means 10.0.0.0/8
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            network[i] = (byte) (network[i] & ((0xff << (8 - keep)) & 0xff));
        }
        return new Cidr(network, bits, IpAddresses.format(network) + "/" + bits);
    }

    private static StartupException bad(String entry, String why) {
        return new StartupException("TRUSTED_PROXIES entry \"" + entry + "\" " + why
                + ". Use a comma-separated list of IPs and CIDRs, e.g. 127.0.0.1,10.0.0.0/8,::1,fd00::/8.");
    }
}
